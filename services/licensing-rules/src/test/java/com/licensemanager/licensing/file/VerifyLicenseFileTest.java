package com.licensemanager.licensing.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyLicenseFileTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VerifyLicenseFile.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aSignedFileVerifiesAndTheSameFileWithOneByteChangedDoesNot(@TempDir Path dir) throws Exception {
        Path licenseFile = dir.resolve("unit.lic");
        Path publicKey = dir.resolve("vendor-public.pem");
        Files.write(licenseFile, LicenseFileTest.SIGNER.sign(LicenseFileTest.SAMPLE).bytes());
        Files.writeString(publicKey, SigningKeys.toPem(LicenseFileTest.KEYS.getPublic()));

        assertThat(run(licenseFile.toString(), publicKey.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("VALID license file for 00-90-33-0A-1B-2C")
                .contains("sequence: 3").contains("license:  PBX6#30@15 x1").contains("license:  Registrations x30");

        byte[] bytes = Files.readAllBytes(licenseFile);
        int position = new String(bytes, StandardCharsets.US_ASCII).indexOf("Registrations 30") + "Registrations ".length();
        bytes[position] = '4';
        Files.write(licenseFile, bytes);
        out.reset();
        assertThat(run(licenseFile.toString(), publicKey.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("INVALID").contains("SIGNATURE_INVALID");
    }

    @Test
    void usageErrorsExitWith2(@TempDir Path dir) throws Exception {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: VerifyLicenseFile <license-file> <public-key.pem>");
        assertThat(run("only-one")).isEqualTo(2);
        assertThat(run(dir.resolve("missing.lic").toString(), dir.resolve("missing.pem").toString())).isEqualTo(2);
        Path licenseFile = dir.resolve("unit.lic");
        Files.write(licenseFile, LicenseFileTest.SIGNER.sign(LicenseFileTest.SAMPLE).bytes());
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.writeString(notAKey, "hello");
        assertThat(run(licenseFile.toString(), notAKey.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot use public key");
    }

    @Test
    void aFileSignedWithAnotherKeyIsInvalid(@TempDir Path dir) throws Exception {
        Path licenseFile = dir.resolve("unit.lic");
        Path publicKey = dir.resolve("other.pem");
        Files.write(licenseFile, LicenseFileTest.SIGNER.sign(LicenseFileTest.SAMPLE).bytes());
        Files.writeString(publicKey, SigningKeys.toPem(SigningKeys.generate().getPublic()));
        assertThat(run(licenseFile.toString(), publicKey.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("WRONG_KEY");
    }
}
