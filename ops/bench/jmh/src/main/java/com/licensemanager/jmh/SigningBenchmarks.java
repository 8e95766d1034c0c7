package com.licensemanager.jmh;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.licensing.code.LicenseCode;
import com.licensemanager.licensing.file.LicenseFileContent;
import com.licensemanager.licensing.file.LicenseFileSigner;
import com.licensemanager.licensing.file.SignedLicenseFile;
import com.licensemanager.licensing.mac.MacAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Signing a license file against the JDK's own Ed25519 signature of a message of the same size, the floor for
 * it: the difference is what the file format and the signer add around the cryptography.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigningBenchmarks {

    private KeyPair keys;
    private LicenseFileSigner signer;
    private LicenseFileContent content;
    private byte[] body;
    private Signature reused;

    @Setup
    public void setUp() throws GeneralSecurityException {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        signer = new LicenseFileSigner(keys);
        content = new LicenseFileContent(MacAddress.parse("00-90-33-0A-1B-2C"), 3,
                Instant.parse("2025-03-01T10:15:30Z"), LicenseBundle.of(LicenseCode.parse("Registrations"), 15)
                .with(LicenseCode.parse("PBX6#15"), 1).with(LicenseCode.parse("Channels"), 2));
        String file = signer.sign(content).text();
        body = file.substring(0, file.indexOf("signature: ")).getBytes(StandardCharsets.US_ASCII);
        reused = Signature.getInstance("Ed25519");
        reused.initSign(keys.getPrivate());
    }

    /** The baseline: the JDK's Ed25519 over the file's body, with one initialised Signature. */
    @Benchmark
    public byte[] baselineJdkEd25519Sign() throws GeneralSecurityException {
        reused.update(body);
        return reused.sign();
    }

    /** The JDK's Ed25519 as the signer used it before: provider look-up and initialisation per file. */
    @Benchmark
    public byte[] jdkEd25519SignWithFreshSignature() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(keys.getPrivate());
        signature.update(body);
        return signature.sign();
    }

    @Benchmark
    public SignedLicenseFile signLicenseFile() {
        return signer.sign(content);
    }
}
