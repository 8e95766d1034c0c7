package com.licensemanager.licensing.mac;

import com.licensemanager.licensing.testing.Gen;
import com.licensemanager.licensing.testing.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MacAddressTest {

    static final Gen<MacAddress> UNIT_MACS = Gen.frequency(Gen.between(0, 0xFFFFFF),
            Gen.oneOf(0, 0xFFFFFF, 0x0A0B0C, 0x123456)).map(MacAddress::ofDevice);

    @Test
    void parsesTheVendorFormAndPrintsItCanonically() {
        MacAddress mac = MacAddress.parse("00-90-33-0a-1B-2c");
        assertThat(mac).isEqualTo(MacAddress.ofDevice(0x0A1B2C));
        assertThat(mac.rma()).isFalse();
        assertThat(mac.toString()).isEqualTo("00-90-33-0A-1B-2C");
        assertThat(mac.octets()).containsExactly(0x00, 0x90, 0x33, 0x0A, 0x1B, 0x2C);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                     | EMPTY",
            "00:90:33:0A:1B:2C      | WRONG_SEPARATOR",
            "00.90.33.0A.1B.2C      | WRONG_SEPARATOR",
            "'00 90 33 0A 1B 2C'    | WRONG_SEPARATOR",
            "0090330A1B2C           | WRONG_SEPARATOR",
            "0090-33-0A-1B-2C0      | WRONG_SEPARATOR",
            "0090.330A.1B2C         | WRONG_LENGTH",
            "00-90-33-0A-1B         | WRONG_LENGTH",
            "00-90-33-0A-1B-2C-3D   | WRONG_LENGTH",
            "'00-90-33-0A-1B-2C '   | WRONG_LENGTH",
            "0-90-33-0A-1B-2C       | WRONG_LENGTH",
            "00-90-33-0G-1B-2C      | NOT_HEX",
            "00-90-33-0O-1B-2C      | NOT_HEX",
            "00-90-33-+A-1B-2C      | NOT_HEX",
            "00-90-33-٠A-1B-2C      | NOT_HEX",
            "00-90-34-0A-1B-2C      | WRONG_VENDOR_PREFIX",
            "02-90-33-0A-1B-2C      | WRONG_VENDOR_PREFIX",
            "00-11-22-33-44-55      | WRONG_VENDOR_PREFIX",
            "01-90-33-0A-1B-2C      | RMA_FORM_NOT_ALLOWED",
    })
    void everyOtherSpellingIsRejectedWithAReason(String text, MacReason reason) {
        MalformedMacAddressException e = catchThrowableOfType(MalformedMacAddressException.class,
                () -> MacAddress.parse(text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.input()).isEqualTo(text);
        assertThat(e.getMessage()).contains('"' + text + '"').contains(reason.name());
    }

    @Test
    void nullIsEmpty() {
        assertThatThrownBy(() -> MacAddress.parse(null)).isInstanceOfSatisfying(MalformedMacAddressException.class,
                e -> assertThat(e.reason()).isEqualTo(MacReason.EMPTY));
    }

    @Test
    void rmaFormRoundTrip() {
        MacAddress unit = MacAddress.parse("00-90-33-0A-1B-2C");
        MacAddress rma = unit.toRma();
        assertThat(rma.toString()).isEqualTo("01-90-33-0A-1B-2C");
        assertThat(rma.rma()).isTrue();
        assertThat(rma.toUnit()).isEqualTo(unit);
        assertThat(rma.toRma()).isSameAs(rma);
        assertThat(unit.toUnit()).isSameAs(unit);
        assertThat(MacAddress.parseAnyForm("01-90-33-0a-1b-2c")).isEqualTo(rma);
        assertThat(MacAddress.parseAnyForm("00-90-33-0A-1B-2C")).isEqualTo(unit);
        assertThat(rma.checksum()).isEqualTo(unit.checksum());
    }

    @Test
    void deviceRangeIsChecked() {
        assertThatThrownBy(() -> MacAddress.ofDevice(0x1000000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacAddress.ofDevice(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksumIsCrc8OfTheSixOctets() {
        assertThat(MacAddress.ofDevice(0).checksum()).isEqualTo("36");
        assertThat(MacAddress.parse("00-90-33-12-34-56").checksum()).isEqualTo("4A");
        assertThat(MacAddress.parse("00-90-33-12-34-56", "4a")).isEqualTo(MacAddress.ofDevice(0x123456));
        assertThat(MacAddress.parse("00-90-33-12-34-56", null)).isEqualTo(MacAddress.ofDevice(0x123456));
        assertThat(MacAddress.parse("00-90-33-12-34-56", " ")).isEqualTo(MacAddress.ofDevice(0x123456));
        assertThat(MacChecksum.matches(MacAddress.ofDevice(0x123456), "4A")).isTrue();
        assertThat(MacChecksum.matches(MacAddress.ofDevice(0x123456), "4B")).isFalse();
    }

    @ParameterizedTest(name = "checksum {0} -> {1}")
    @CsvSource({"4B, CHECKSUM_MISMATCH", "A4, CHECKSUM_MISMATCH", "4, CHECKSUM_MALFORMED", "4AA, CHECKSUM_MALFORMED",
            "4G, CHECKSUM_MALFORMED", "'(4A)', CHECKSUM_MALFORMED"})
    void aWrongChecksumIsRejected(String checksum, MacReason reason) {
        assertThatThrownBy(() -> MacAddress.parse("00-90-33-12-34-56", checksum))
                .isInstanceOfSatisfying(MalformedMacAddressException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void propertyParseOfPrintIsIdentity() {
        Properties.forAll(1000, UNIT_MACS, mac -> {
            assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
            assertThat(MacAddress.parse(mac.toString().toLowerCase(Locale.ROOT))).isEqualTo(mac);
            assertThat(MacAddress.parse(mac.toString(), mac.checksum())).isEqualTo(mac);
            assertThat(MacAddress.parseAnyForm(mac.toRma().toString())).isEqualTo(mac.toRma());
            assertThat(mac.toRma().toUnit()).isEqualTo(mac);
            assertThat(mac.toString()).matches("00-90-33(-[0-9A-F]{2}){3}");
        });
    }

    /** Characters a typo may produce: hex digits in both cases, look-alikes, separators, others. */
    static final String TYPO_CHARACTERS = "0123456789ABCDEFabcdefGgOoIlSZz-:. _x";

    @Test
    void propertyEverySingleCharacterTypoOfAMacWithChecksumIsRejected() {
        Properties.forAll(300, UNIT_MACS, mac -> {
            String text = mac.toString();
            String checksum = mac.checksum();
            for (int i = 0; i < text.length(); i++) {
                for (char c : TYPO_CHARACTERS.toCharArray()) {
                    String typo = text.substring(0, i) + c + text.substring(i + 1);
                    if (!typo.equalsIgnoreCase(text)) {
                        assertRejected(typo, checksum);
                    }
                }
            }
            for (int i = 0; i < checksum.length(); i++) {
                for (char c : TYPO_CHARACTERS.toCharArray()) {
                    String typo = checksum.substring(0, i) + c + checksum.substring(i + 1);
                    if (!typo.equalsIgnoreCase(checksum)) {
                        assertRejected(text, typo);
                    }
                }
            }
        });
    }

    @Test
    void propertyEveryAdjacentTranspositionOfAMacWithChecksumIsRejected() {
        Properties.forAll(1000, UNIT_MACS, mac -> {
            String text = mac.toString();
            String checksum = mac.checksum();
            for (int i = 0; i + 1 < text.length(); i++) {
                String swapped = swap(text, i);
                if (!swapped.equals(text)) {
                    assertRejected(swapped, checksum);
                }
            }
            String swappedChecksum = swap(checksum, 0);
            if (!swappedChecksum.equals(checksum)) {
                assertRejected(text, swappedChecksum);
            }
        });
    }

    @Test
    void theChecksumCatchesEveryDigitTypoAndNeighbourSwapInTheDevicePartExhaustively() {
        // Over the device part's 6 hex digits: all 15 wrong values per digit, all neighbour swaps.
        Properties.forAll(200, UNIT_MACS, mac -> {
            for (int digit = 0; digit < 6; digit++) {
                int shift = 20 - 4 * digit;
                int original = (mac.device() >>> shift) & 0xF;
                for (int value = 0; value < 16; value++) {
                    if (value != original) {
                        int device = (mac.device() & ~(0xF << shift)) | (value << shift);
                        assertThat(MacAddress.ofDevice(device).checksum()).isNotEqualTo(mac.checksum());
                    }
                }
                if (digit < 5) {
                    int next = (mac.device() >>> (shift - 4)) & 0xF;
                    int device = (mac.device() & ~(0xFF << (shift - 4))) | (next << shift) | (original << (shift - 4));
                    if (device != mac.device()) {
                        assertThat(MacAddress.ofDevice(device).checksum()).isNotEqualTo(mac.checksum());
                    }
                }
            }
        });
    }

    private static void assertRejected(String text, String checksum) {
        assertThatThrownBy(() -> MacAddress.parse(text, checksum))
                .as("MAC %s with checksum %s", text, checksum)
                .isInstanceOf(MalformedMacAddressException.class);
    }

    private static String swap(String s, int i) {
        char[] chars = s.toCharArray();
        char t = chars[i];
        chars[i] = chars[i + 1];
        chars[i + 1] = t;
        return new String(chars);
    }
}
