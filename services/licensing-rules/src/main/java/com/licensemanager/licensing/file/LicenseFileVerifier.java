package com.licensemanager.licensing.file;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies license files offline against the vendor's Ed25519 public keys. Thread-safe.
 *
 * <p>The vendor signs with one current key, but files live on devices for years: after a rotation, files signed
 * with an earlier key must still verify. So a verifier trusts a set of public keys, each known by its key-id, and
 * verifies a file with the key its {@code key-id} line names; a file naming a key outside the set is
 * {@link LicenseFileProblem#WRONG_KEY}, whatever its signature.
 *
 * <p>Order of checks: canonical format, then the file's key-id against the trusted keys (a clear message when a
 * file was signed with another key), then the Ed25519 signature over the body bytes.
 */
public final class LicenseFileVerifier {

    private final Map<String, PublicKey> trusted;

    public LicenseFileVerifier(PublicKey publicKey) {
        this(List.of(publicKey));
    }

    /** @param trustedKeys the current key and every earlier one whose files are still valid; at least one */
    public LicenseFileVerifier(Collection<PublicKey> trustedKeys) {
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one public key");
        }
        Map<String, PublicKey> byId = new TreeMap<>();
        for (PublicKey key : trustedKeys) {
            SigningKeys.requireEd25519(key);
            byId.put(SigningKeys.keyId(key), key);
        }
        this.trusted = Map.copyOf(byId);
    }

    public VerificationResult verify(byte[] file) {
        ParsedLicenseFile parsed;
        try {
            parsed = LicenseFileFormat.parse(file);
        } catch (MalformedLicenseFileException e) {
            return new VerificationResult.Invalid(e.problem(), e.getMessage());
        }
        PublicKey key = trusted.get(parsed.keyId());
        if (key == null) {
            return new VerificationResult.Invalid(LicenseFileProblem.WRONG_KEY, "the file is signed with key "
                    + parsed.keyId() + ", which is not among the public keys given: " + String.join(", ", new TreeMap<>(trusted).keySet()));
        }
        if (!SigningKeys.verify(key, parsed.body(), parsed.signature())) {
            return new VerificationResult.Invalid(LicenseFileProblem.SIGNATURE_INVALID,
                    "the signature does not match the file: it was changed after signing or not signed by this key");
        }
        return new VerificationResult.Valid(parsed);
    }

    public VerificationResult verify(String file) {
        return verify(file.getBytes(StandardCharsets.UTF_8));
    }
}
