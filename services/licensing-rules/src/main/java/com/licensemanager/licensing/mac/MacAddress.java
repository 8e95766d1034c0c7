package com.licensemanager.licensing.mac;

import java.util.HexFormat;

/**
 * A MAC address of the vendor's range: a unit's own {@code 00-90-33-xx-xx-xx}, or the RMA form
 * {@code 01-90-33-xx-xx-xx} the License Manager gives a unit sent in for repair.
 *
 * <p>Printed canonically as upper-case hex pairs joined by {@code -} (IEEE 802 notation), e.g.
 * {@code 00-90-33-0A-1B-2C}. Parsing accepts upper- and lower-case hex digits and nothing else:
 * exactly 17 characters, {@code -} separators, the vendor prefix.
 *
 * @param rma    whether this is the RMA form (first octet {@code 01})
 * @param device the last three octets, 0..0xFFFFFF, which identify the unit
 */
public record MacAddress(boolean rma, int device) {

    /** The vendor's prefix after the first octet. */
    private static final int OUI_TAIL = 0x9033;
    private static final HexFormat HEX = HexFormat.ofDelimiter("-").withUpperCase();

    public MacAddress {
        if (device < 0 || device > 0xFFFFFF) {
            throw new IllegalArgumentException("device part must be 0..0xFFFFFF, was " + device);
        }
    }

    /** A unit's own MAC address with the given device part. */
    public static MacAddress ofDevice(int device) {
        return new MacAddress(false, device);
    }

    /**
     * Parses a unit's own MAC address, {@code 00-90-33-xx-xx-xx}.
     *
     * @throws MalformedMacAddressException for any other spelling, including the RMA form
     */
    public static MacAddress parse(String text) {
        MacAddress mac = parseAnyForm(text);
        if (mac.rma) {
            throw new MalformedMacAddressException(text, MacReason.RMA_FORM_NOT_ALLOWED,
                    "01-90-33 is the RMA form the License Manager gives units under repair; enter the unit's own 00-90-33 address");
        }
        return mac;
    }

    /**
     * Parses a unit's own MAC address and, when {@code checksum} is neither null nor blank, checks
     * it against {@link #checksum()}.
     */
    public static MacAddress parse(String text, String checksum) {
        MacAddress mac = parse(text);
        if (checksum != null && !checksum.isBlank()) {
            MacChecksum.verify(mac, text, checksum);
        }
        return mac;
    }

    /** Parses either form, {@code 00-90-33-xx-xx-xx} or {@code 01-90-33-xx-xx-xx} (stored data, repair desk). */
    public static MacAddress parseAnyForm(String text) {
        if (text == null || text.isEmpty()) {
            throw new MalformedMacAddressException(text, MacReason.EMPTY, "a MAC address is required");
        }
        if (text.length() != 17) {
            if (text.length() == 12 && text.chars().allMatch(MacAddress::isHex)) {
                throw new MalformedMacAddressException(text, MacReason.WRONG_SEPARATOR,
                        "the octets must be separated by '-', as in 00-90-33-xx-xx-xx");
            }
            throw new MalformedMacAddressException(text, MacReason.WRONG_LENGTH,
                    "expected 17 characters xx-xx-xx-xx-xx-xx, got " + text.length());
        }
        for (int i = 0; i < 17; i++) {
            char c = text.charAt(i);
            if (i % 3 == 2) {
                if (c != '-') {
                    throw new MalformedMacAddressException(text, MacReason.WRONG_SEPARATOR,
                            "expected '-' at position " + (i + 1) + ", found " + describe(c));
                }
            } else if (!isHex(c)) {
                throw new MalformedMacAddressException(text, MacReason.NOT_HEX,
                        describe(c) + " at position " + (i + 1) + " is not a hexadecimal digit");
            }
        }
        byte[] octets = HexFormat.ofDelimiter("-").parseHex(text);
        int first = octets[0] & 0xFF;
        int tail = ((octets[1] & 0xFF) << 8) | (octets[2] & 0xFF);
        if ((first != 0x00 && first != 0x01) || tail != OUI_TAIL) {
            throw new MalformedMacAddressException(text, MacReason.WRONG_VENDOR_PREFIX,
                    "not a vendor address: it must start with 00-90-33 (or 01-90-33 for an RMA unit)");
        }
        int device = ((octets[3] & 0xFF) << 16) | ((octets[4] & 0xFF) << 8) | (octets[5] & 0xFF);
        return new MacAddress(first == 0x01, device);
    }

    /** The RMA form {@code 01-90-33-...} of this unit (itself when already in RMA form). */
    public MacAddress toRma() {
        return rma ? this : new MacAddress(true, device);
    }

    /** The unit's own form {@code 00-90-33-...} (itself when already in unit form). */
    public MacAddress toUnit() {
        return rma ? new MacAddress(false, device) : this;
    }

    /** The six octets. */
    public byte[] octets() {
        return new byte[] {(byte) (rma ? 0x01 : 0x00), (byte) 0x90, (byte) 0x33,
                (byte) (device >>> 16), (byte) (device >>> 8), (byte) device};
    }

    /**
     * The two-digit checksum printed beside the unit's own MAC address (see {@link MacChecksum});
     * an RMA-form address has the checksum of its unit form.
     */
    public String checksum() {
        return MacChecksum.of(this);
    }

    /** Canonical form, e.g. {@code 00-90-33-0A-1B-2C}. */
    @Override
    public String toString() {
        return HEX.formatHex(octets());
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    private static String describe(char c) {
        return c >= '!' && c <= '~' ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
