package com.licensemanager.licensing.file;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line: {@code VerifyLicenseFile <license-file> <public-key.pem>...}. The file is verified with the key its
 * key-id names among those given (the current key and every earlier one, so files signed before a key rotation still
 * verify). Exit status 0 when the file is valid (its content is printed), 1 when it is not (the reason is printed),
 * 2 for wrong usage or unreadable input (arguments, missing files, a PEM that is no Ed25519 public key).
 */
public final class VerifyLicenseFile {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private VerifyLicenseFile() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The tool without {@code System.exit}, for tests and embedding. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            err.println("usage: VerifyLicenseFile <license-file> <public-key.pem> [<earlier-public-key.pem> ...]");
            err.println("  exit 0: valid, 1: invalid, 2: usage or unreadable input");
            return USAGE;
        }
        byte[] file;
        List<PublicKey> keys = new ArrayList<>();
        try {
            file = Files.readAllBytes(Path.of(args[0]));
        } catch (IOException | RuntimeException e) {
            err.println("cannot read license file " + args[0] + ": " + e);
            return USAGE;
        }
        for (int i = 1; i < args.length; i++) {
            try {
                keys.add(SigningKeys.publicKeyFromPem(Path.of(args[i])));
            } catch (RuntimeException e) {
                err.println("cannot use public key " + args[i] + ": " + e.getMessage());
                return USAGE;
            }
        }
        return switch (new LicenseFileVerifier(keys).verify(file)) {
            case VerificationResult.Valid valid -> {
                LicenseFileContent content = valid.content();
                out.println("VALID license file for " + content.mac());
                out.println("  sequence: " + content.sequence());
                out.println("  issued:   " + content.issuedAt());
                out.println("  key-id:   " + valid.file().keyId());
                content.licenses().quantities().forEach((code, quantity) ->
                        out.println("  license:  " + code.print() + " x" + quantity));
                yield VALID;
            }
            case VerificationResult.Invalid invalid -> {
                out.println("INVALID license file " + args[0] + ": " + invalid.problem() + ": " + invalid.message());
                yield INVALID;
            }
        };
    }
}
