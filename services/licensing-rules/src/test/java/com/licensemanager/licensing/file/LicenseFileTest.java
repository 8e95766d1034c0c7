package com.licensemanager.licensing.file;

import com.licensemanager.licensing.code.BaseLicense;
import com.licensemanager.licensing.code.CountLicense;
import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.code.UpgradeLicense;
import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.testing.Gen;
import com.licensemanager.licensing.testing.LicenseGens;
import com.licensemanager.licensing.testing.Properties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LicenseFileTest {

    static final KeyPair KEYS = SigningKeys.generate();
    static final LicenseFileSigner SIGNER = new LicenseFileSigner(KEYS);
    static final LicenseFileVerifier VERIFIER = new LicenseFileVerifier(KEYS.getPublic());

    static final LicenseFileContent SAMPLE = new LicenseFileContent(
            MacAddress.parse("00-90-33-0A-1B-2C"), 3, Instant.parse("2025-03-01T10:15:30.789Z"),
            LicenseBundle.of(Map.of(BaseLicense.pbx(15), 1, UpgradeLicense.pbx(15, 30), 1,
                    CountLicense.REGISTRATIONS, 30, BaseLicense.voicemail(15), 1, CountLicense.CHANNELS, 8)));

    @Test
    void theFileIsCanonicalTextWithASignatureLine() {
        SignedLicenseFile file = SIGNER.sign(SAMPLE);
        String expectedBody = """
                format: license-manager-license/1
                mac: 00-90-33-0A-1B-2C
                sequence: 3
                issued: 2025-03-01T10:15:30Z
                key-id: %s
                license: PBX6#15 1
                license: PBX6#30@15 1
                license: PBX-Voicemail#15 1
                license: Registrations 30
                license: Channels 8
                """.formatted(SIGNER.keyId());
        assertThat(file.text()).startsWith(expectedBody);
        assertThat(file.text().substring(expectedBody.length())).matches("signature: [A-Za-z0-9+/]{86}==\n");
        assertThat(file.keyId()).isEqualTo(SigningKeys.keyId(KEYS.getPublic())).matches("[0-9a-f]{16}");
        assertThat(file.content().issuedAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
        assertThat(LicenseFileFormat.body(SAMPLE, SIGNER.keyId())).isEqualTo(expectedBody.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aSignedFileVerifiesAndReadsBackToItsContent() {
        SignedLicenseFile file = SIGNER.sign(SAMPLE);
        VerificationResult result = VERIFIER.verify(file.bytes());
        assertThat(result).isInstanceOfSatisfying(VerificationResult.Valid.class, valid -> {
            assertThat(valid.content()).isEqualTo(SAMPLE);
            assertThat(valid.file().keyId()).isEqualTo(SIGNER.keyId());
        });
        assertThat(VERIFIER.verify(file.text()).valid()).isTrue();
        assertThat(LicenseFileFormat.parse(file.bytes()).content()).isEqualTo(SAMPLE);
    }

    @Test
    void changingAnyByteOfTheFileBreaksVerification() {
        byte[] original = SIGNER.sign(SAMPLE).bytes();
        for (int i = 0; i < original.length; i++) {
            for (int mask : new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF}) {
                byte[] tampered = original.clone();
                tampered[i] ^= (byte) mask;
                assertThat(VERIFIER.verify(tampered).valid())
                        .as("byte %d ('%c') xor 0x%02x", i, (char) original[i], mask).isFalse();
            }
        }
    }

    @Test
    void addingOrRemovingBytesBreaksVerification() {
        byte[] original = SIGNER.sign(SAMPLE).bytes();
        for (int i = 0; i <= original.length; i++) {
            byte[] longer = new byte[original.length + 1];
            System.arraycopy(original, 0, longer, 0, i);
            longer[i] = i < original.length ? original[i] : (byte) '\n';
            System.arraycopy(original, i, longer, i + 1, original.length - i);
            assertThat(VERIFIER.verify(longer).valid()).as("byte duplicated at %d", i).isFalse();
            if (i < original.length) {
                byte[] shorter = new byte[original.length - 1];
                System.arraycopy(original, 0, shorter, 0, i);
                System.arraycopy(original, i + 1, shorter, i, original.length - i - 1);
                assertThat(VERIFIER.verify(shorter).valid()).as("byte %d removed", i).isFalse();
            }
        }
    }

    @Test
    void aFileFromAnotherKeyIsNamedAsSuch() {
        SignedLicenseFile file = new LicenseFileSigner(SigningKeys.generate()).sign(SAMPLE);
        assertThat(VERIFIER.verify(file.bytes())).isInstanceOfSatisfying(VerificationResult.Invalid.class,
                invalid -> assertThat(invalid.problem()).isEqualTo(LicenseFileProblem.WRONG_KEY));
    }

    @Test
    void aForgedKeyIdDoesNotHelp() {
        KeyPair other = SigningKeys.generate();
        byte[] body = LicenseFileFormat.body(SAMPLE, SIGNER.keyId());
        byte[] forged = concat(body, LicenseFileFormat.signatureLine(SigningKeys.sign(other.getPrivate(), body)));
        assertThat(VERIFIER.verify(forged)).isInstanceOfSatisfying(VerificationResult.Invalid.class,
                invalid -> assertThat(invalid.problem()).isEqualTo(LicenseFileProblem.SIGNATURE_INVALID));
    }

    @Test
    void nonCanonicalBodiesAreRejectedEvenWhenSigned() {
        String body = new String(LicenseFileFormat.body(SAMPLE, SIGNER.keyId()), StandardCharsets.US_ASCII);
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("CRLF line ends", body.replace("\n", "\r\n"));
        variants.put("lower-case MAC", body.replace("0A-1B-2C", "0a-1b-2c"));
        variants.put("licenses out of order", body.replace("license: PBX6#15 1\nlicense: PBX6#30@15 1\n",
                "license: PBX6#30@15 1\nlicense: PBX6#15 1\n"));
        variants.put("lower-case code", body.replace("Registrations", "registrations"));
        variants.put("two spaces", body.replace("sequence: 3", "sequence:  3"));
        variants.put("leading zero", body.replace("sequence: 3", "sequence: 03"));
        variants.put("fractional seconds", body.replace("10:15:30Z", "10:15:30.000Z"));
        variants.put("duplicate line", body.replace("license: Channels 8\n", "license: Channels 8\nlicense: Channels 8\n"));
        variants.put("zero quantity", body.replace("license: Channels 8", "license: Channels 0"));
        variants.put("no licenses", body.substring(0, body.indexOf("license: ")));
        variants.put("RMA MAC", body.replace("mac: 00-", "mac: 01-"));
        variants.put("unknown format", body.replace("license-manager-license/1", "license-manager-license/2"));
        variants.put("extra line", body + "comment: hello\n");
        variants.put("non-ASCII", body.replace("Channels", "Chännels"));
        variants.forEach((name, text) -> {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] file = concat(bytes, LicenseFileFormat.signatureLine(SigningKeys.sign(KEYS.getPrivate(), bytes)));
            assertThat(VERIFIER.verify(file)).as(name).isInstanceOfSatisfying(VerificationResult.Invalid.class,
                    invalid -> assertThat(invalid.problem()).isEqualTo(LicenseFileProblem.MALFORMED));
        });
    }

    @Test
    void signatureProblemsAreNamed() {
        byte[] body = LicenseFileFormat.body(SAMPLE, SIGNER.keyId());
        assertThat(problem(body)).isEqualTo(LicenseFileProblem.SIGNATURE_MISSING);
        assertThat(problem(concat(body, "signature: abc\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(LicenseFileProblem.SIGNATURE_MALFORMED);
        assertThat(problem(concat(body, "signature: !!!!\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(LicenseFileProblem.SIGNATURE_MALFORMED);
        String line = new String(LicenseFileFormat.signatureLine(SigningKeys.sign(KEYS.getPrivate(), body)),
                StandardCharsets.US_ASCII);
        assertThat(problem(concat(body, line.strip().getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(LicenseFileProblem.SIGNATURE_MALFORMED);
        assertThat(problem(concat(body, (line + "\n").getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(LicenseFileProblem.SIGNATURE_MALFORMED);
        assertThat(problem(new byte[0])).isEqualTo(LicenseFileProblem.SIGNATURE_MISSING);
    }

    @Test
    void contentIsValidated() {
        MacAddress mac = MacAddress.ofDevice(1);
        LicenseBundle one = LicenseBundle.of(CountLicense.AB, 1);
        Instant now = Instant.now();
        assertThatThrownBy(() -> new LicenseFileContent(mac.toRma(), 1, now, one)).hasMessageContaining("RMA");
        assertThatThrownBy(() -> new LicenseFileContent(mac, 0, now, one)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> new LicenseFileContent(mac, 1, now, LicenseBundle.empty())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new LicenseFileContent(null, 1, now, one)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertyParseOfPrintIsIdentityAndEverySignedFileVerifies() {
        Gen<LicenseFileContent> contents = random -> {
            Map<LicenseCode, Integer> licenses = new LinkedHashMap<>();
            int lines = random.nextInt(1, 8);
            for (int i = 0; i < lines; i++) {
                licenses.put(LicenseGens.anyCode().next(random), random.nextInt(1, 1000));
            }
            long seconds = random.nextLong(0, 253_402_300_799L);
            return new LicenseFileContent(MacAddress.ofDevice(random.nextInt(0x1000000)),
                    random.nextBoolean() ? random.nextLong(1, 100) : random.nextLong(1, Long.MAX_VALUE),
                    Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000)), LicenseBundle.of(licenses));
        };
        Properties.forAll(300, contents, content -> {
            SignedLicenseFile file = SIGNER.sign(content);
            assertThat(LicenseFileFormat.parse(file.bytes()).content()).isEqualTo(content);
            assertThat(VERIFIER.verify(file.bytes())).isInstanceOfSatisfying(VerificationResult.Valid.class,
                    valid -> assertThat(valid.content()).isEqualTo(content));
        });
    }

    @Test
    void signerAndVerifierAreSafeToShareBetweenThreads() throws Exception {
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 1; i <= 200; i++) {
                LicenseFileContent content = new LicenseFileContent(MacAddress.ofDevice(i), i, Instant.EPOCH,
                        LicenseBundle.of(CountLicense.AB, i));
                futures.add(executor.submit(() -> VERIFIER.verify(SIGNER.sign(content).bytes()) instanceof
                        VerificationResult.Valid v && v.content().equals(content)));
            }
            for (var future : futures) {
                assertThat(future.get()).isTrue();
            }
        }
    }

    private static LicenseFileProblem problem(byte[] file) {
        return ((VerificationResult.Invalid) VERIFIER.verify(file)).problem();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
