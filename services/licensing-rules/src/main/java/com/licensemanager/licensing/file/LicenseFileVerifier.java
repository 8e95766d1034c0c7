package com.licensemanager.licensing.file;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;

/**
 * Verifies license files offline against the vendor's Ed25519 public key. Thread-safe.
 *
 * <p>Order of checks: canonical format, then the file's key-id against this key (a clear message
 * when a file was signed with another key), then the Ed25519 signature over the body bytes.
 */
public final class LicenseFileVerifier {

    private final PublicKey publicKey;
    private final String keyId;

    public LicenseFileVerifier(PublicKey publicKey) {
        SigningKeys.requireEd25519(publicKey);
        this.publicKey = publicKey;
        this.keyId = SigningKeys.keyId(publicKey);
    }

    public VerificationResult verify(byte[] file) {
        ParsedLicenseFile parsed;
        try {
            parsed = LicenseFileFormat.parse(file);
        } catch (MalformedLicenseFileException e) {
            return new VerificationResult.Invalid(e.problem(), e.getMessage());
        }
        if (!parsed.keyId().equals(keyId)) {
            return new VerificationResult.Invalid(LicenseFileProblem.WRONG_KEY,
                    "the file is signed with key " + parsed.keyId() + ", but the public key given is " + keyId);
        }
        if (!SigningKeys.verify(publicKey, parsed.body(), parsed.signature())) {
            return new VerificationResult.Invalid(LicenseFileProblem.SIGNATURE_INVALID,
                    "the signature does not match the file: it was changed after signing or not signed by this key");
        }
        return new VerificationResult.Valid(parsed);
    }

    public VerificationResult verify(String file) {
        return verify(file.getBytes(StandardCharsets.UTF_8));
    }
}
