package com.licensemanager.licensing.mac;

/**
 * The optional MAC checksum: CRC-8 (generator x^8+x^2+x+1, 0x07; initial value 0; no reflection;
 * no final XOR) over the six octets of the unit's own form {@code 00-90-33-xx-xx-xx}, printed as
 * two upper-case hex digits.
 *
 * <p>Why CRC-8: a CRC whose generator has degree 8 and a non-zero constant term detects every
 * burst of errors no longer than 8 bits. Mistyping one hex digit changes at most 4 adjacent bits;
 * swapping two neighbouring hex digits (within an octet, or across a separator) changes at most 8
 * adjacent bits. So every single-digit typo and every adjacent transposition changes the checksum;
 * typos in a separator are already rejected by the strict syntax.
 */
public final class MacChecksum {

    private MacChecksum() {
    }

    /** The checksum of {@code mac}'s unit form. */
    public static String of(MacAddress mac) {
        int crc = 0;
        for (byte octet : mac.toUnit().octets()) {
            crc ^= octet & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return String.format("%02X", crc);
    }

    /** Whether {@code checksum} (two hex digits, any case) belongs to {@code mac}. */
    public static boolean matches(MacAddress mac, String checksum) {
        return checksum != null && checksum.length() == 2 && isHex(checksum.charAt(0)) && isHex(checksum.charAt(1))
                && of(mac).equalsIgnoreCase(checksum);
    }

    static void verify(MacAddress mac, String macText, String checksum) {
        if (checksum.length() != 2 || !isHex(checksum.charAt(0)) || !isHex(checksum.charAt(1))) {
            throw new MalformedMacAddressException(macText, MacReason.CHECKSUM_MALFORMED,
                    "checksum " + '"' + checksum + '"' + " must be two hexadecimal digits");
        }
        if (!of(mac).equalsIgnoreCase(checksum)) {
            throw new MalformedMacAddressException(macText, MacReason.CHECKSUM_MISMATCH,
                    "checksum " + checksum + " does not match; check the MAC address and the checksum on the unit's sticker");
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }
}
