package com.licensemanager.licensing.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs license files with the vendor's Ed25519 key. Thread-safe. With the JDK's signing each thread signs with its
 * own {@code java.security.Signature}, initialised once, since looking up the provider and initialising it for every
 * file was avoidable work on the hottest path of the service.
 */
public final class LicenseFileSigner {

    private final String keyId;
    private final BodySigning signing;

    /**
     * Signs with the JDK's Ed25519.
     *
     * @throws IllegalArgumentException when the keys are not Ed25519 or do not belong together
     */
    public LicenseFileSigner(PrivateKey privateKey, PublicKey publicKey) {
        this(publicKey, jdkSigning(privateKey));
    }

    /**
     * Signs with {@code signing}, which must sign for {@code publicKey}: a probe it signs is verified with the JDK
     * before the first file, so a mismatched key fails at start-up, not at the customer's device.
     *
     * @throws IllegalArgumentException when the public key is not Ed25519 or the signing does not belong to it
     */
    public LicenseFileSigner(PublicKey publicKey, BodySigning signing) {
        SigningKeys.requireEd25519(publicKey);
        SigningKeys.requireSignsFor(signing, publicKey);
        this.keyId = SigningKeys.keyId(publicKey);
        this.signing = signing;
    }

    private static BodySigning jdkSigning(PrivateKey privateKey) {
        SigningKeys.requireEd25519(privateKey);
        ThreadLocal<Signature> signers = ThreadLocal.withInitial(() -> SigningKeys.signerFor(privateKey));
        return body -> {
            try {
                return SigningKeys.sign(signers.get(), body);
            } catch (RuntimeException e) {
                // A failed signature may leave the message half fed in; the next file starts from a fresh signer.
                signers.remove();
                throw e;
            }
        };
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
        byte[] signature = signing.sign(body);
        file.writeBytes(LicenseFileFormat.signatureLine(signature));
        return new SignedLicenseFile(content, keyId, file.toString(StandardCharsets.US_ASCII));
    }
}
