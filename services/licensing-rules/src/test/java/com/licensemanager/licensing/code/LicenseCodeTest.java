package com.licensemanager.licensing.code;

import com.licensemanager.licensing.testing.Gen;
import com.licensemanager.licensing.testing.LicenseGens;
import com.licensemanager.licensing.testing.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LicenseCodeTest {

    @Test
    void everyVersion6LicenseHasItsDocumentedSpelling() {
        assertThat(LicenseCode.parse("Relay-Gatekeeper")).isEqualTo(CountLicense.RELAY_GATEKEEPER);
        assertThat(LicenseCode.parse("Registrations")).isEqualTo(CountLicense.REGISTRATIONS);
        assertThat(LicenseCode.parse("Channels")).isEqualTo(CountLicense.CHANNELS);
        assertThat(LicenseCode.parse("BRI")).isEqualTo(CountLicense.BRI);
        assertThat(LicenseCode.parse("PRI")).isEqualTo(CountLicense.PRI);
        assertThat(LicenseCode.parse("AB")).isEqualTo(CountLicense.AB);
        assertThat(LicenseCode.parse("PBX-Operator")).isEqualTo(CountLicense.OPERATOR);
        assertThat(LicenseCode.parse("PBX-SoftwarePhone")).isEqualTo(CountLicense.SOFTPHONE);
        assertThat(LicenseCode.parse("DECT-Multicell")).isEqualTo(CountLicense.DECT_MULTICELL);
        assertThat(LicenseCode.parse("PBX6#15")).isEqualTo(BaseLicense.pbx(15));
        assertThat(LicenseCode.parse("PBX6#30@15")).isEqualTo(UpgradeLicense.pbx(15, 30));
        assertThat(LicenseCode.parse("PBX-Voicemail#15")).isEqualTo(BaseLicense.voicemail(15));
        assertThat(LicenseCode.parse("PBX-Voicemail#30@15")).isEqualTo(UpgradeLicense.voicemail(15, 30));
    }

    @Test
    void printsTheVendorSyntaxForSizedLicenses() {
        assertThat(BaseLicense.pbx(15).print()).isEqualTo("PBX6#15");
        assertThat(UpgradeLicense.pbx(15, 30).print()).isEqualTo("PBX6#30@15");
        assertThat(BaseLicense.voicemail(15).print()).isEqualTo("PBX-Voicemail#15");
        assertThat(UpgradeLicense.voicemail(15, 30).print()).isEqualTo("PBX-Voicemail#30@15");
        assertThat(CountLicense.SOFTPHONE.print()).isEqualTo("PBX-SoftwarePhone");
    }

    @Test
    void parsingIgnoresLetterCase() {
        assertThat(LicenseCode.parse("pbx6#30@15")).isEqualTo(UpgradeLicense.pbx(15, 30));
        assertThat(LicenseCode.parse("pbx-voicemail#15")).isEqualTo(BaseLicense.voicemail(15));
        assertThat(LicenseCode.parse("RELAY-GATEKEEPER")).isEqualTo(CountLicense.RELAY_GATEKEEPER);
        assertThat(LicenseCode.parse("dect-multicell")).isEqualTo(CountLicense.DECT_MULTICELL);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                  | EMPTY",
            "' PBX6#15'          | INVALID_CHARACTER",
            "'PBX6#15 '          | INVALID_CHARACTER",
            "'PBX6 #15'          | INVALID_CHARACTER",
            "'PBX6#１5'           | INVALID_CHARACTER",
            "'Regıstrations'     | INVALID_CHARACTER",
            "PBX5#15             | UNKNOWN_NAME",
            "Gatekeeper          | UNKNOWN_NAME",
            "Voicemail#15        | UNKNOWN_NAME",
            "PBX6                | MISSING_SIZE",
            "PBX-Voicemail       | MISSING_SIZE",
            "Channels#4          | UNEXPECTED_SIZE",
            "PBX6#               | INVALID_SIZE",
            "PBX6#0              | INVALID_SIZE",
            "PBX6#015            | INVALID_SIZE",
            "PBX6#-15            | INVALID_SIZE",
            "PBX6#+15            | INVALID_SIZE",
            "PBX6#1.5            | INVALID_SIZE",
            "PBX6#100000         | INVALID_SIZE",
            "PBX6#99999999999    | INVALID_SIZE",
            "PBX6#30@            | INVALID_SIZE",
            "PBX6#@15            | INVALID_SIZE",
            "PBX6#30@15@7        | INVALID_SIZE",
            "PBX6#15#3           | INVALID_SIZE",
            "PBX6#15@30          | UPGRADE_NOT_INCREASING",
            "PBX6#15@15          | UPGRADE_NOT_INCREASING",
    })
    void malformedCodesAreRejectedNamingTheCodeAndTheProblem(String code, LicenseCodeProblem problem) {
        MalformedLicenseCodeException e = catchThrowableOfType(MalformedLicenseCodeException.class,
                () -> LicenseCode.parse(code));
        assertThat(e).as("parse(%s)", code).isNotNull();
        assertThat(e.problem()).isEqualTo(problem);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.getMessage()).contains('"' + code + '"').contains(problem.name());
    }

    @Test
    void nullIsEmpty() {
        assertThatThrownBy(() -> LicenseCode.parse(null))
                .isInstanceOfSatisfying(MalformedLicenseCodeException.class,
                        e -> assertThat(e.problem()).isEqualTo(LicenseCodeProblem.EMPTY))
                .hasMessageContaining("<null>");
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertThatThrownBy(() -> LicenseCode.parse("PBX6#15@30"))
                .hasMessageContaining("must raise the size").hasMessageContaining("30 -> 15");
        assertThatThrownBy(() -> LicenseCode.parse("Channels#4"))
                .hasMessageContaining("Channels takes no size");
        assertThatThrownBy(() -> LicenseCode.parse("Foo"))
                .hasMessageContaining("known: Relay-Gatekeeper");
    }

    @Test
    void constructorsRejectImpossibleValues() {
        assertThatThrownBy(() -> BaseLicense.pbx(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseLicense.pbx(LicenseCode.MAX_SIZE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpgradeLicense.pbx(30, 15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpgradeLicense.pbx(15, 15)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyParseOfPrintIsIdentityInAnyCase() {
        Properties.forAll(1000, LicenseGens.anyCode(), code -> {
            assertThat(LicenseCode.parse(code.print())).isEqualTo(code);
            assertThat(LicenseCode.parse(code.print().toLowerCase(Locale.ROOT))).isEqualTo(code);
            assertThat(LicenseCode.parse(code.print().toUpperCase(Locale.ROOT))).isEqualTo(code);
        });
    }

    @Test
    void propertyAnyTextEitherParsesToItsCanonicalSpellingOrIsRejectedCleanly() {
        String alphabet = "PBX6-Voicemail#@0123456789 RegistrationsChanelBRIAGOpSfwDECTMu.+";
        Gen<String> text = Gen.frequency(
                Gen.listOf(Gen.between(0, alphabet.length() - 1), 0, 20).map(indexes -> {
                    StringBuilder s = new StringBuilder();
                    indexes.forEach(i -> s.append(alphabet.charAt(i)));
                    return s.toString();
                }),
                LicenseGens.anyCode().flatMap(code -> random -> mutate(code.print(), random)));
        Properties.forAll(1000, text, s -> {
            try {
                LicenseCode code = LicenseCode.parse(s);
                assertThat(code.print()).isEqualToIgnoringCase(s);
            } catch (MalformedLicenseCodeException e) {
                assertThat(e.code()).isEqualTo(s);
                assertThat(e.getMessage()).contains(s);
            }
        });
    }

    @Test
    void canonicalOrderIsConsistentWithEquals() {
        Properties.forAll(1000, Gen.listOf(LicenseGens.anyCode(), 2, 2), pair -> {
            LicenseCode a = pair.get(0);
            LicenseCode b = pair.get(1);
            assertThat(LicenseCode.CANONICAL_ORDER.compare(a, b) == 0).isEqualTo(a.equals(b));
            assertThat(Integer.signum(LicenseCode.CANONICAL_ORDER.compare(a, b)))
                    .isEqualTo(-Integer.signum(LicenseCode.CANONICAL_ORDER.compare(b, a)));
        });
    }

    @Test
    void canonicalOrderPutsPbxFirstAndCountsInDeclarationOrder() {
        List<LicenseCode> codes = new ArrayList<>(List.of(CountLicense.DECT_MULTICELL, CountLicense.REGISTRATIONS,
                UpgradeLicense.voicemail(15, 30), BaseLicense.voicemail(15), UpgradeLicense.pbx(30, 60),
                UpgradeLicense.pbx(15, 30), BaseLicense.pbx(15), CountLicense.RELAY_GATEKEEPER));
        codes.sort(LicenseCode.CANONICAL_ORDER);
        assertThat(codes).containsExactly(BaseLicense.pbx(15), UpgradeLicense.pbx(15, 30), UpgradeLicense.pbx(30, 60),
                BaseLicense.voicemail(15), UpgradeLicense.voicemail(15, 30), CountLicense.RELAY_GATEKEEPER,
                CountLicense.REGISTRATIONS, CountLicense.DECT_MULTICELL);
    }

    private static String mutate(String s, java.util.SplittableRandom random) {
        StringBuilder b = new StringBuilder(s);
        int position = random.nextInt(b.length());
        switch (random.nextInt(3)) {
            case 0 -> b.deleteCharAt(position);
            case 1 -> b.insert(position, "#@0 -x".charAt(random.nextInt(6)));
            default -> b.setCharAt(position, "#@09aZ-".charAt(random.nextInt(7)));
        }
        return b.toString();
    }
}
