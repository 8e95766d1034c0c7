package com.licensemanager.licensing.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    @Test
    void pemRoundTripFromStringAndPath(@TempDir Path dir) throws Exception {
        KeyPair keys = SigningKeys.generate();
        String privatePem = SigningKeys.toPem(keys.getPrivate());
        String publicPem = SigningKeys.toPem(keys.getPublic());
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(SigningKeys.privateKeyFromPem(privatePem).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(SigningKeys.publicKeyFromPem(publicPem)).isEqualTo(keys.getPublic());
        Files.writeString(dir.resolve("k.pem"), privatePem);
        Files.writeString(dir.resolve("p.pem"), "comment before\r\n" + publicPem.replace("\n", "\r\n"));
        new LicenseFileSigner(SigningKeys.privateKeyFromPem(dir.resolve("k.pem")), SigningKeys.publicKeyFromPem(dir.resolve("p.pem")));
    }

    @Test
    void readsKeysWrittenByOpenssl() {
        // openssl genpkey -algorithm ed25519 / openssl pkey -pubout (RFC 8410 test key).
        String privatePem = """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
                -----END PRIVATE KEY-----
                """;
        String publicPem = """
                -----BEGIN PUBLIC KEY-----
                MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
                -----END PUBLIC KEY-----
                """;
        SigningKeys.requireMatching(SigningKeys.privateKeyFromPem(privatePem), SigningKeys.publicKeyFromPem(publicPem));
    }

    @Test
    void rejectsWhatIsNotAnEd25519KeyInTheRightPem() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String ecPrivate = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(ec.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> SigningKeys.privateKeyFromPem(ecPrivate)).isInstanceOf(SigningKeyException.class)
                .hasMessageContaining("Ed25519");
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        String ed448Public = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(ed448.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThatThrownBy(() -> SigningKeys.publicKeyFromPem(ed448Public)).isInstanceOf(SigningKeyException.class);
        assertThatThrownBy(() -> new LicenseFileVerifier(ed448.getPublic())).isInstanceOf(SigningKeyException.class);
        assertThatThrownBy(() -> SigningKeys.privateKeyFromPem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> SigningKeys.publicKeyFromPem("no pem here")).isInstanceOf(SigningKeyException.class);
        assertThatThrownBy(() -> SigningKeys.publicKeyFromPem((String) null)).isInstanceOf(SigningKeyException.class);
        String pem = SigningKeys.toPem(SigningKeys.generate().getPublic());
        assertThatThrownBy(() -> SigningKeys.publicKeyFromPem(pem + pem)).hasMessageContaining("more than one");
        String privatePem = SigningKeys.toPem(SigningKeys.generate().getPrivate());
        assertThatThrownBy(() -> SigningKeys.publicKeyFromPem(privatePem)).hasMessageContaining("PUBLIC KEY");
    }

    @Test
    void aSignerNeedsAMatchingPair() {
        KeyPair a = SigningKeys.generate();
        KeyPair b = SigningKeys.generate();
        assertThatThrownBy(() -> new LicenseFileSigner(a.getPrivate(), b.getPublic()))
                .isInstanceOf(SigningKeyException.class).hasMessageContaining("does not belong");
    }

    @Test
    void keyIdIsStablePerKey() {
        KeyPair keys = SigningKeys.generate();
        assertThat(SigningKeys.keyId(keys.getPublic()))
                .isEqualTo(SigningKeys.keyId(SigningKeys.publicKeyFromPem(SigningKeys.toPem(keys.getPublic()))))
                .isNotEqualTo(SigningKeys.keyId(SigningKeys.generate().getPublic()));
    }
}
