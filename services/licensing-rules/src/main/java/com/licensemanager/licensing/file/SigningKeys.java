package com.licensemanager.licensing.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 signing keys from configuration: PEM text, PKCS#8 ({@code BEGIN PRIVATE KEY}) for the
 * private key and X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}) for the public key — what
 * {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class SigningKeys {

    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----", Pattern.DOTALL);
    private static final byte[] PROBE = "license-manager key pair probe".getBytes(StandardCharsets.US_ASCII);

    private SigningKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** @throws SigningKeyException when the text is not one PKCS#8 Ed25519 private key in PEM */
    public static PrivateKey privateKeyFromPem(String pem) {
        byte[] der = der(pem, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /** @throws SigningKeyException when the text is not one X.509 Ed25519 public key in PEM */
    public static PublicKey publicKeyFromPem(String pem) {
        byte[] der = der(pem, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("not an Ed25519 public key (X.509): " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKeyFromPem(Path path) {
        return privateKeyFromPem(read(path));
    }

    public static PublicKey publicKeyFromPem(Path path) {
        return publicKeyFromPem(read(path));
    }

    public static String toPem(PrivateKey key) {
        requireEd25519(key);
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String toPem(PublicKey key) {
        requireEd25519(key);
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /**
     * Short identifier of a public key, written into license files so a verifier can tell "signed
     * with another key" from "tampered": the first 8 bytes of SHA-256 over the key's X.509
     * encoding, as 16 lower-case hex digits.
     */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** @throws SigningKeyException when the keys do not belong together */
    public static void requireMatching(PrivateKey privateKey, PublicKey publicKey) {
        requireSignsFor(message -> sign(privateKey, message), publicKey);
    }

    /** @throws SigningKeyException when what {@code signing} signs does not verify with {@code publicKey} */
    static void requireSignsFor(BodySigning signing, PublicKey publicKey) {
        if (!verify(publicKey, PROBE, signing.sign(PROBE))) {
            throw new SigningKeyException("the private key does not belong to the public key " + keyId(publicKey), null);
        }
    }

    static void requireEd25519(Key key) {
        if (!(key instanceof EdECKey ed) || !ALGORITHM.equalsIgnoreCase(ed.getParams().getName())) {
            throw new SigningKeyException("an Ed25519 key is required, got "
                    + (key == null ? "null" : key.getAlgorithm()), null);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        return sign(signerFor(key), message);
    }

    /** A signature object ready to sign with {@code key}, and again after each signature it makes. */
    static Signature signerFor(PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            return signature;
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Signs with a signer of {@link #signerFor}; {@link Signature#sign()} leaves it initialised for the next. */
    static byte[] sign(Signature signer, byte[] message) {
        try {
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            // A signature the provider cannot even decode is simply not valid.
            return false;
        }
    }

    private static byte[] der(String pem, String label) {
        if (pem == null) {
            throw new SigningKeyException("no PEM text given", null);
        }
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new SigningKeyException("no PEM block (-----BEGIN " + label + "-----) found", null);
        }
        String found = m.group(1);
        String body = m.group(2);
        if (!found.equals(label)) {
            throw new SigningKeyException("expected a PEM " + '"' + label + '"' + " block, found " + '"' + found + '"'
                    + (label.equals("PRIVATE KEY") ? " (convert to unencrypted PKCS#8: openssl pkey -in k.pem -out p8.pem)" : ""),
                    null);
        }
        if (m.find()) {
            throw new SigningKeyException("more than one PEM block; give exactly one key", null);
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new SigningKeyException("PEM body is not base64", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + path, e);
        }
    }
}
