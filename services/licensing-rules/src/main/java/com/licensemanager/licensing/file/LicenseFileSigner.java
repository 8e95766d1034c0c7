package com.licensemanager.licensing.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs license files with the vendor's Ed25519 key. Thread-safe: each thread signs with its own
 * {@code java.security.Signature}, initialised once, since looking up the provider and initialising it for every
 * file was avoidable work on the hottest path of the service.
 */
public final class LicenseFileSigner {

    private final String keyId;
    private final ThreadLocal<Signature> signers;

    /**
     * @throws IllegalArgumentException when the keys are not Ed25519 or do not belong together
     */
    public LicenseFileSigner(PrivateKey privateKey, PublicKey publicKey) {
        SigningKeys.requireEd25519(privateKey);
        SigningKeys.requireEd25519(publicKey);
        SigningKeys.requireMatching(privateKey, publicKey);
        this.keyId = SigningKeys.keyId(publicKey);
        this.signers = ThreadLocal.withInitial(() -> SigningKeys.signerFor(privateKey));
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
        byte[] signature;
        try {
            signature = SigningKeys.sign(signers.get(), body);
        } catch (RuntimeException e) {
            // A failed signature may leave the message half fed in; the next file starts from a fresh signer.
            signers.remove();
            throw e;
        }
        file.writeBytes(LicenseFileFormat.signatureLine(signature));
        return new SignedLicenseFile(content, keyId, file.toString(StandardCharsets.US_ASCII));
    }
}
