package com.licensemanager.licensing.file;

import java.nio.charset.StandardCharsets;

/**
 * A signed license file as issued.
 *
 * @param content what the file says
 * @param keyId   identifier of the signing key
 * @param text    the complete file (ASCII), as the customer downloads it
 */
public record SignedLicenseFile(LicenseFileContent content, String keyId, String text) {

    public SignedLicenseFile {
        if (content == null || keyId == null || text == null) {
            throw new IllegalArgumentException("content, keyId and text are required");
        }
    }

    /** The file's bytes (ASCII). */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
