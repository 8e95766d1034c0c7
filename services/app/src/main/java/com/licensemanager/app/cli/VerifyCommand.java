package com.licensemanager.app.cli;

import com.licensemanager.licensing.file.VerifyLicenseFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code verify FILE --key PEM...}: checks a license file's signature with the public key its {@code key-id} names
 * among those given (after a key rotation: the current key and every earlier one). The check itself is the
 * offline verifier devices and customers use ({@link VerifyLicenseFile}).
 */
@Command(name = "verify", description = "Checks a license file's signature against the vendor's public keys (by key-id).")
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    OperatorCli cli;

    @Parameters(paramLabel = "FILE", description = "the license file")
    Path file;

    @Option(names = "--key", paramLabel = "PEM", required = true,
            description = "an Ed25519 public key (PEM), or a directory whose *.pem files are all trusted; repeatable")
    List<Path> keys;

    @Override
    public Integer call() throws IOException {
        List<String> arguments = new ArrayList<>(List.of(file.toString()));
        for (Path key : keys) {
            if (Files.isDirectory(key)) {
                try (Stream<Path> pems = Files.list(key)) {
                    pems.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted()
                            .forEach(p -> arguments.add(p.toString()));
                }
            } else {
                arguments.add(key.toString());
            }
        }
        return VerifyLicenseFile.run(arguments.toArray(String[]::new), cli.out, cli.err);
    }
}
