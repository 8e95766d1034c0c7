package com.licensemanager.app.compose;

import com.licensemanager.app.Repository;
import com.licensemanager.app.access.KafkaAccessPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml is valid for a real compose implementation: Debian's {@code docker-compose} package
 * ({@code apt-get install docker-compose}) parses, merges and interpolates it with {@code config}, which needs no
 * Docker engine. Every secret is required: without one, compose refuses to start anything.
 */
class ComposeFileValidationTest {

    private static final Path ROOT = Repository.root();

    @Test
    void composeAcceptsTheFileWithEverySecretSet() throws Exception {
        Result result = config(secrets());

        assertThat(result.exitCode()).as("docker-compose config:%n%s", result.output()).isZero();
    }

    @Test
    void composeRefusesToStartWithoutTheDatabasePassword() throws Exception {
        Map<String, String> secrets = secrets();
        secrets.remove("POSTGRES_PASSWORD");

        Result result = config(secrets);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("set POSTGRES_PASSWORD");
    }

    /** Every variable docker-compose.yml requires, each with a placeholder value. */
    private static Map<String, String> secrets() {
        Map<String, String> secrets = new HashMap<>();
        for (String name : List.of("POSTGRES_PASSWORD", "KAFKA_CLUSTER_ID", "KAFKA_PASSWORD_ADMIN",
                "LICENSING_SIGNING_PRIVATE_KEY", "LICENSING_SIGNING_PUBLIC_KEY")) {
            secrets.put(name, "placeholder");
        }
        for (String user : KafkaAccessPolicy.read(ROOT.resolve("ops/compose/kafka/access.conf")).users()) {
            secrets.put("KAFKA_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_'), "placeholder");
        }
        return secrets;
    }

    private static Result config(Map<String, String> secrets) throws IOException, InterruptedException {
        Path compose = Path.of("/usr/bin/docker-compose");
        assertThat(compose).as("Debian's docker-compose validates the file: apt-get install docker-compose")
                .isExecutable();
        ProcessBuilder builder = new ProcessBuilder(compose.toString(), "--project-directory", ROOT.toString(), "-f",
                ROOT.resolve("docker-compose.yml").toString(), "config", "-q").redirectErrorStream(true);
        // only what is given here: an operator's own environment must not make an incomplete file pass
        builder.environment().keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        builder.environment().putAll(secrets);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
