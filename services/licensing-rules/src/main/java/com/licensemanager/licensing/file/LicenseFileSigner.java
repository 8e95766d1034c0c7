package com.licensemanager.licensing.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * Signs license files with the vendor's Ed25519 key. Thread-safe: each call uses its own
 * {@code java.security.Signature}.
 */
public final class LicenseFileSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    /**
     * @throws IllegalArgumentException when the keys are not Ed25519 or do not belong together
     */
    public LicenseFileSigner(PrivateKey privateKey, PublicKey publicKey) {
        SigningKeys.requireEd25519(privateKey);
        SigningKeys.requireEd25519(publicKey);
        SigningKeys.requireMatching(privateKey, publicKey);
        this.privateKey = privateKey;
        this.keyId = SigningKeys.keyId(publicKey);
    }

    public LicenseFileSigner(KeyPair keys) {
        this(keys.getPrivate(), keys.getPublic());
    }

    /** Identifier of the signing key written into every file. */
    public String keyId() {
        return keyId;
    }

    public SignedLicenseFile sign(LicenseFileContent content) {
        byte[] body = LicenseFileFormat.body(content, keyId);
        ByteArrayOutputStream file = new ByteArrayOutputStream(body.length + 100);
        file.writeBytes(body);
        file.writeBytes(LicenseFileFormat.signatureLine(SigningKeys.sign(privateKey, body)));
        return new SignedLicenseFile(content, keyId, file.toString(StandardCharsets.US_ASCII));
    }
}
