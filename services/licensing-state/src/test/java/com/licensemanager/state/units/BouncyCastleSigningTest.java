package com.licensemanager.state.units;

import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.file.LicenseFileSigner;
import com.licensemanager.licensing.file.LicenseFileVerifier;
import com.licensemanager.licensing.file.SignedLicenseFile;
import com.licensemanager.licensing.file.SigningKeyException;
import com.licensemanager.licensing.file.SigningKeys;
import com.licensemanager.licensing.file.VerificationResult;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service signs with BouncyCastle because it is an order of magnitude faster; devices and the offline verifier
 * must not be able to tell: every signature is the JDK's, byte for byte, and verifies with the JDK.
 */
class BouncyCastleSigningTest {

    private final Random random = new Random(13);

    @Test
    void signaturesAreByteIdenticalToTheJdksForRandomBodiesAndKeysAndVerifyWithTheJdk() throws Exception {
        for (int k = 0; k < 16; k++) {
            KeyPair keys = SigningKeys.generate();
            BouncyCastleSigning fast = new BouncyCastleSigning(keys);
            Signature jdk = Signature.getInstance("Ed25519");
            for (int i = 0; i < 64; i++) {
                byte[] body = new byte[random.nextInt(2048)];
                random.nextBytes(body);

                byte[] signature = fast.sign(body);

                jdk.initSign(keys.getPrivate());
                jdk.update(body);
                assertThat(signature).as("key %d body %d", k, i).isEqualTo(jdk.sign());
                jdk.initVerify(keys.getPublic());
                jdk.update(body);
                assertThat(jdk.verify(signature)).isTrue();
            }
        }
    }

    @Test
    void filesSignedByTheServiceAreTheJdkSignersFilesAndVerifyAcrossAKeyRotation() {
        KeyPair before = SigningKeys.generate();
        KeyPair after = SigningKeys.generate();
        Instant issuedAt = Instant.parse("2026-12-02T09:00:00Z");
        LicenseBundle licenses = LicenseBundle.of(Map.of(BaseLicense.pbx(15), 1, CountLicense.CHANNELS, 8));

        SignedLicenseFile oldFile = new LicenseSigning(before).sign("00-90-33-0A-1B-2C", 1, issuedAt, licenses);
        SignedLicenseFile newFile = new LicenseSigning(after).sign("00-90-33-0A-1B-2C", 2, issuedAt, licenses);

        assertThat(oldFile.text()).isEqualTo(new LicenseFileSigner(before).sign(oldFile.content()).text());
        assertThat(newFile.keyId()).isEqualTo(SigningKeys.keyId(after.getPublic())).isNotEqualTo(oldFile.keyId());
        LicenseFileVerifier verifier = new LicenseFileVerifier(List.of(after.getPublic(), before.getPublic()));
        assertThat(verifier.verify(oldFile.bytes())).isInstanceOf(VerificationResult.Valid.class);
        assertThat(verifier.verify(newFile.bytes())).isInstanceOf(VerificationResult.Valid.class);
    }

    @Test
    void aPrivateKeyOfAnotherPairIsRefusedAtStartUp() {
        KeyPair mine = SigningKeys.generate();
        KeyPair other = SigningKeys.generate();

        assertThatThrownBy(() -> new LicenseSigning(new KeyPair(mine.getPublic(), other.getPrivate())))
                .isInstanceOf(SigningKeyException.class)
                .hasMessageContaining(SigningKeys.keyId(mine.getPublic()));
    }
}
