package com.licensemanager.licensing.file;

/** Why a license file is not valid. Names are stable. */
public enum LicenseFileProblem {
    /** The body is not in the canonical format (syntax, order, spelling, non-ASCII bytes). */
    MALFORMED,
    /** There is no {@code signature: } line. */
    SIGNATURE_MISSING,
    /** The signature line is not 64 bytes of canonical base64 ending the file. */
    SIGNATURE_MALFORMED,
    /** The file names a signing key (key-id) that is not among those it is verified with. */
    WRONG_KEY,
    /** The signature does not verify: the file was changed or not signed by the vendor. */
    SIGNATURE_INVALID
}
