package com.licensemanager.licensing.file;

/**
 * A license file split into its parts, signature NOT yet verified (use {@link LicenseFileVerifier}).
 * Arrays are copied in and out, so instances are immutable.
 */
public final class ParsedLicenseFile {

    private final LicenseFileContent content;
    private final String keyId;
    private final byte[] body;
    private final byte[] signature;

    ParsedLicenseFile(LicenseFileContent content, String keyId, byte[] body, byte[] signature) {
        this.content = content;
        this.keyId = keyId;
        this.body = body.clone();
        this.signature = signature.clone();
    }

    public LicenseFileContent content() {
        return content;
    }

    /** Identifier of the key the file claims to be signed with (see {@link SigningKeys#keyId}). */
    public String keyId() {
        return keyId;
    }

    /** The signed bytes. */
    public byte[] body() {
        return body.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "ParsedLicenseFile[" + content + ", key-id " + keyId + ", " + body.length + " body bytes]";
    }
}
