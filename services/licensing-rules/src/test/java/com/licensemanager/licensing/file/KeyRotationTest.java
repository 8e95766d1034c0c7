package com.licensemanager.licensing.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 4: the vendor rotates its signing key. Files name their key (key-id); the service signs with the
 * current key; whoever verifies holds every public key still trusted, so a file signed before the rotation still
 * verifies, and a file signed with a key nobody trusts does not.
 */
class KeyRotationTest {

    private final KeyPair before = SigningKeys.generate();
    private final KeyPair after = SigningKeys.generate();
    private final KeyPair unknown = SigningKeys.generate();

    private final SignedLicenseFile signedBeforeTheRotation = new LicenseFileSigner(before).sign(LicenseFileTest.SAMPLE);
    private final SignedLicenseFile signedAfterTheRotation = new LicenseFileSigner(after).sign(LicenseFileTest.SAMPLE);
    private final SignedLicenseFile signedWithAnUnknownKey = new LicenseFileSigner(unknown).sign(LicenseFileTest.SAMPLE);

    @Test
    void filesSignedBeforeARotationStillVerifyAndFilesSignedWithAnUnknownKeyDoNot() {
        LicenseFileVerifier verifier = new LicenseFileVerifier(List.of(after.getPublic(), before.getPublic()));

        assertThat(signedBeforeTheRotation.keyId()).isNotEqualTo(signedAfterTheRotation.keyId());
        assertThat(verifier.verify(signedBeforeTheRotation.bytes())).isInstanceOf(VerificationResult.Valid.class);
        assertThat(verifier.verify(signedAfterTheRotation.bytes())).isInstanceOf(VerificationResult.Valid.class);
        assertThat(verifier.verify(signedWithAnUnknownKey.bytes())).isInstanceOfSatisfying(VerificationResult.Invalid.class,
                invalid -> {
                    assertThat(invalid.problem()).isEqualTo(LicenseFileProblem.WRONG_KEY);
                    assertThat(invalid.message()).contains(signedWithAnUnknownKey.keyId(),
                            SigningKeys.keyId(before.getPublic()), SigningKeys.keyId(after.getPublic()));
                });
    }

    @Test
    void aFileIsCheckedWithTheKeyItNamesNotWithAnyTrustedKey() {
        // The file claims the old key's id but carries a signature of the new key: it was not signed by the old key.
        String forged = signedAfterTheRotation.text().replace(signedAfterTheRotation.keyId(),
                SigningKeys.keyId(before.getPublic()));
        LicenseFileVerifier verifier = new LicenseFileVerifier(List.of(after.getPublic(), before.getPublic()));

        assertThat(verifier.verify(forged)).isInstanceOfSatisfying(VerificationResult.Invalid.class,
                invalid -> assertThat(invalid.problem()).isEqualTo(LicenseFileProblem.SIGNATURE_INVALID));
    }

    @Test
    void aKeyThatIsNoLongerTrustedNoLongerVerifiesItsFiles() {
        LicenseFileVerifier onlyTheNewKey = new LicenseFileVerifier(after.getPublic());

        assertThat(onlyTheNewKey.verify(signedBeforeTheRotation.bytes())).isInstanceOfSatisfying(
                VerificationResult.Invalid.class, invalid -> assertThat(invalid.problem()).isEqualTo(LicenseFileProblem.WRONG_KEY));
    }

    @Test
    void theCommandLineTakesEveryTrustedPublicKey(@TempDir Path dir) throws Exception {
        Path current = dir.resolve("vendor-2027.pem");
        Path earlier = dir.resolve("vendor-2026.pem");
        Files.writeString(current, SigningKeys.toPem(after.getPublic()));
        Files.writeString(earlier, SigningKeys.toPem(before.getPublic()));
        Path oldFile = dir.resolve("old.lic");
        Path strangerFile = dir.resolve("stranger.lic");
        Files.write(oldFile, signedBeforeTheRotation.bytes());
        Files.write(strangerFile, signedWithAnUnknownKey.bytes());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(VerifyLicenseFile.run(new String[] {oldFile.toString(), current.toString(), earlier.toString()},
                print, print)).isEqualTo(VerifyLicenseFile.VALID);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("key-id:   " + signedBeforeTheRotation.keyId());
        assertThat(VerifyLicenseFile.run(new String[] {strangerFile.toString(), current.toString(), earlier.toString()},
                print, print)).isEqualTo(VerifyLicenseFile.INVALID);
        assertThat(VerifyLicenseFile.run(new String[] {oldFile.toString(), current.toString()}, print, print))
                .isEqualTo(VerifyLicenseFile.INVALID);
    }
}
