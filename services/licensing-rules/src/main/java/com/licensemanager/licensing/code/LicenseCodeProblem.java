package com.licensemanager.licensing.code;

/** What is wrong with a malformed license code. Names are stable. */
public enum LicenseCodeProblem {
    /** null or the empty string. */
    EMPTY,
    /** A character outside printable ASCII, or a space. */
    INVALID_CHARACTER,
    /** The name before {@code #} is no license of the vocabulary. */
    UNKNOWN_NAME,
    /** A PBX or voicemail code without {@code #<size>}. */
    MISSING_SIZE,
    /** A count license (e.g. {@code Channels}) written with a {@code #}: quantities are separate. */
    UNEXPECTED_SIZE,
    /** A size that is not a plain decimal number 1..99999 without leading zeros. */
    INVALID_SIZE,
    /** An upgrade whose target size is not above its source size, e.g. {@code PBX6#15@30}. */
    UPGRADE_NOT_INCREASING
}
