package com.licensemanager.app.access;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Creates the SCRAM users and ACLs of a {@link KafkaAccessPolicy} on a broker, as its administrator. Run once per
 * deployment by the {@code kafka-access} container of docker-compose.yml (and again after the policy changes): both
 * steps are idempotent, so re-running it is safe.
 *
 * <p>Passwords never live in the repository: each user's comes from {@code KAFKA_PASSWORD_<USER>} or from the file
 * {@code <KAFKA_PASSWORD_DIR>/<user>} (e.g. Docker secrets).
 */
public final class KafkaAccessSetup {

    private static final Logger log = LoggerFactory.getLogger(KafkaAccessSetup.class);
    private static final ScramMechanism MECHANISM = ScramMechanism.SCRAM_SHA_512;
    private static final int ITERATIONS = 8192;

    private final Map<String, Object> adminClientProperties;
    private final Function<String, Optional<String>> passwords;

    public KafkaAccessSetup(Map<String, Object> adminClientProperties, Function<String, Optional<String>> passwords) {
        this.adminClientProperties = adminClientProperties;
        this.passwords = passwords;
    }

    /** Usage: {@code KafkaAccessSetup <access.conf>}, with KAFKA_BOOTSTRAP_SERVERS and KAFKA_PASSWORD_ADMIN set. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: KafkaAccessSetup <access policy file>");
            System.exit(64);
        }
        Function<String, Optional<String>> passwords = fromEnvironmentOrFiles(System.getenv());
        String bootstrap = Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS"))
                .orElseThrow(() -> new IllegalStateException("KAFKA_BOOTSTRAP_SERVERS is not set"));
        new KafkaAccessSetup(ScramClients.properties(bootstrap, "admin", required(passwords, "admin")), passwords)
                .apply(KafkaAccessPolicy.read(Path.of(args[0])));
    }

    public void apply(KafkaAccessPolicy policy) {
        try (Admin admin = Admin.create(adminClientProperties)) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String user : policy.users()) {
                users.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(MECHANISM, ITERATIONS),
                        required(passwords, user)));
            }
            await(admin.alterUserScramCredentials(users).all().toCompletionStage().toCompletableFuture(), "users");
            await(admin.createAcls(policy.acls()).all().toCompletionStage().toCompletableFuture(), "ACLs");
            log.info("Kafka access policy applied: {} users, {} ACLs", users.size(), policy.acls().size());
        }
    }

    /** {@code KAFKA_PASSWORD_<USER>} first, then the file {@code <KAFKA_PASSWORD_DIR>/<user>}. */
    public static Function<String, Optional<String>> fromEnvironmentOrFiles(Map<String, String> environment) {
        return user -> {
            String variable = "KAFKA_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_');
            if (environment.containsKey(variable)) {
                return Optional.of(environment.get(variable));
            }
            return Optional.ofNullable(environment.get("KAFKA_PASSWORD_DIR"))
                    .map(dir -> Path.of(dir, user))
                    .filter(Files::isReadable)
                    .map(KafkaAccessSetup::firstLine);
        };
    }

    /** The user's password, or an error that says where it was looked for. */
    public static String required(Function<String, Optional<String>> passwords, String user) {
        return passwords.apply(user).filter(password -> !password.isBlank()).orElseThrow(() ->
                new IllegalStateException("no password for Kafka user '" + user + "': set KAFKA_PASSWORD_"
                        + user.toUpperCase(Locale.ROOT).replace('-', '_') + " or put it in $KAFKA_PASSWORD_DIR/" + user));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> step, String what) {
        try {
            step.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the Kafka " + what, e);
        }
    }
}
