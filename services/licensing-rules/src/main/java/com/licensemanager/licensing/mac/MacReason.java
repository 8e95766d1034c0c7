package com.licensemanager.licensing.mac;

/** Why a MAC address (or its checksum) is rejected. Names are stable. */
public enum MacReason {
    /** null or the empty string. */
    EMPTY,
    /** Not 17 characters ({@code xx-xx-xx-xx-xx-xx}). */
    WRONG_LENGTH,
    /** Octets not separated by {@code -} (e.g. {@code :}, {@code .}, spaces or no separator). */
    WRONG_SEPARATOR,
    /** A character in an octet that is not a hexadecimal digit. */
    NOT_HEX,
    /** Not the vendor's {@code 00-90-33} (nor, where allowed, the RMA form {@code 01-90-33}). */
    WRONG_VENDOR_PREFIX,
    /** The RMA form {@code 01-90-33-...} where a unit's own MAC is required. */
    RMA_FORM_NOT_ALLOWED,
    /** A checksum that is not two hexadecimal digits. */
    CHECKSUM_MALFORMED,
    /** A checksum that does not belong to the MAC address: one of the two is mistyped. */
    CHECKSUM_MISMATCH
}
