package com.licensemanager.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.licensemanager.localstack.ParallelStart;
import com.licensemanager.localstack.Endpoints;
import com.licensemanager.localstack.KafkaBroker;
import com.licensemanager.localstack.PostgresServer;
import com.licensemanager.localstack.SchemaRegistryProcess;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Kafka, PostgreSQL and Apicurio Registry for tests, started once per test JVM (lazily, on the first
 * {@link #get()}) and shared by all test classes.
 *
 * <p>Each component is resolved on its own, in this order:
 * <ol>
 * <li>an endpoint given by the environment (or a system property of the same name):
 *     {@value #KAFKA_ENV} (bootstrap servers), {@value #JDBC_URL_ENV} (+ {@value #JDBC_USER_ENV},
 *     {@value #JDBC_PASSWORD_ENV}), {@value #REGISTRY_URL_ENV} (base URL, e.g. {@code http://127.0.0.1:8081});</li>
 * <li>the local stack's launchers: in-process Kafka, embedded PostgreSQL, Apicurio Registry as a child process
 *     (the project starts each component one way only, there and nowhere else).</li>
 * </ol>
 * Components that have to be started are started in parallel. The chosen path is logged per component.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    public static final String KAFKA_ENV = "LICENSING_TEST_KAFKA";
    public static final String JDBC_URL_ENV = "LICENSING_TEST_JDBC_URL";
    public static final String JDBC_USER_ENV = "LICENSING_TEST_JDBC_USER";
    public static final String JDBC_PASSWORD_ENV = "LICENSING_TEST_JDBC_PASSWORD";
    public static final String REGISTRY_URL_ENV = "LICENSING_TEST_REGISTRY_URL";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern JDBC_DATABASE = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");

    private static final Object LOCK = new Object();
    private static TestInfrastructure instance;
    private static RuntimeException failure;

    private final Endpoints endpoints;
    private final ComponentSource kafkaSource;
    private final ComponentSource postgresSource;
    private final ComponentSource registrySource;
    private final PostgresServer embeddedPostgres;

    private TestInfrastructure(KafkaComponent kafka, PostgresComponent postgres, RegistryComponent registry) {
        this.endpoints = new Endpoints(kafka.bootstrapServers(), registry.baseUrl(), postgres.jdbcUrl(),
                postgres.username(), postgres.password());
        this.kafkaSource = kafka.source();
        this.postgresSource = postgres.source();
        this.registrySource = registry.source();
        this.embeddedPostgres = postgres.embedded();
    }

    /**
     * The infrastructure of this JVM, started on the first call (which can take 10–15 s on the embedded path).
     * Thread-safe. If starting failed, every later call fails fast with the original cause.
     */
    public static TestInfrastructure get() {
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw new IllegalStateException("The test infrastructure failed to start earlier in this JVM", failure);
            }
            try {
                instance = start(TestInfrastructure::setting);
                return instance;
            }
            catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * {@code spring.kafka.bootstrap-servers}, {@code spring.datasource.url|username|password} and
     * {@code licensing.schema-registry.url} (the registry's base URL).
     */
    public Map<String, String> springProperties() {
        return endpoints.springProperties();
    }

    public String kafkaBootstrapServers() {
        return endpoints.kafkaBootstrapServers();
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl();
    }

    public String jdbcUsername() {
        return endpoints.jdbcUsername();
    }

    public String jdbcPassword() {
        return endpoints.jdbcPassword();
    }

    /** Base URL of the registry, e.g. {@code http://127.0.0.1:8081}. */
    public String schemaRegistryUrl() {
        return endpoints.schemaRegistryUrl();
    }

    /** {@code <base>/apis/registry/v3}: what the Apicurio serdes want as {@code apicurio.registry.url}. */
    public String schemaRegistryApiUrl() {
        return endpoints.schemaRegistryApiUrl();
    }

    /** {@code <base>/apis/ccompat/v7}: the Confluent-compatible API. */
    public String schemaRegistryCcompatUrl() {
        return endpoints.schemaRegistryCcompatUrl();
    }

    public ComponentSource kafkaSource() {
        return kafkaSource;
    }

    public ComponentSource postgresSource() {
        return postgresSource;
    }

    public ComponentSource schemaRegistrySource() {
        return registrySource;
    }

    /** Stop/start of PostgreSQL; present only when it runs embedded in this JVM's local stack. */
    public Optional<PostgresControl> postgresControl() {
        if (embeddedPostgres == null) {
            return Optional.empty();
        }
        PostgresServer server = embeddedPostgres;
        return Optional.of(new PostgresControl() {
            @Override
            public void stop() {
                server.stop();
            }

            @Override
            public void start() {
                server.start();
            }

            @Override
            public boolean isRunning() {
                return server.isRunning();
            }
        });
    }

    /**
     * {@link #postgresControl()}, or aborts the calling test (JUnit assumption: the test is skipped, not failed)
     * when PostgreSQL does not run embedded.
     */
    public PostgresControl assumePostgresControl() {
        Optional<PostgresControl> control = postgresControl();
        Assumptions.assumeTrue(control.isPresent(),
                () -> "PostgreSQL comes from " + postgresSource + ", it cannot be stopped and started by the test");
        return control.orElseThrow();
    }

    /**
     * Creates a database (if absent) on the test server, owned by the test user, and returns its JDBC URL; cheap
     * enough for one database per test class. The test user must be allowed to create databases (it is on the
     * embedded path).
     *
     * @param name lower-case SQL identifier
     */
    public String createDatabase(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case identifier: " + name);
        }
        if (embeddedPostgres != null) {
            return embeddedPostgres.createDatabase(name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), jdbcUsername(), jdbcPassword())) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, name);
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("create database " + name);
                }
                catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // duplicate_database: someone was faster
                        throw e;
                    }
                }
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " at " + jdbcUrl(), e);
        }
        return withDatabase(jdbcUrl(), name);
    }

    static String withDatabase(String jdbcUrl, String database) {
        Matcher matcher = JDBC_DATABASE.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a jdbc:postgresql://host[:port]/database URL: " + jdbcUrl);
        }
        return matcher.group(1) + database + matcher.group(3);
    }

    @Override
    public String toString() {
        return "TestInfrastructure[kafka " + kafkaSource + ", postgres " + postgresSource + ", registry "
                + registrySource + ": " + endpoints + "]";
    }

    // ------------------------------------------------------------------------------------------------ start-up

    record KafkaComponent(String bootstrapServers, ComponentSource source, AutoCloseable closer) {
    }

    record PostgresComponent(String jdbcUrl, String username, String password, ComponentSource source,
            PostgresServer embedded, AutoCloseable closer) {
    }

    record RegistryComponent(String baseUrl, ComponentSource source, AutoCloseable closer) {
    }

    static TestInfrastructure start(Function<String, String> settings) {
        long started = System.nanoTime();
        String kafkaSetting = settings.apply(KAFKA_ENV);
        String jdbcSetting = settings.apply(JDBC_URL_ENV);
        String registrySetting = settings.apply(REGISTRY_URL_ENV);


        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "test-infrastructure-start-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<RegistryComponent> registry = registrySetting != null
                    ? CompletableFuture.completedFuture(
                            new RegistryComponent(registryBaseUrl(registrySetting), ComponentSource.ENVIRONMENT, null))
                    : ParallelStart.async(TestInfrastructure::embeddedRegistry, executor);
            CompletableFuture<KafkaComponent> kafka = kafkaSetting != null
                    ? CompletableFuture.completedFuture(
                            new KafkaComponent(kafkaSetting, ComponentSource.ENVIRONMENT, null))
                    : ParallelStart.async(TestInfrastructure::embeddedKafka, executor);
            CompletableFuture<PostgresComponent> postgres = jdbcSetting != null
                    ? CompletableFuture.completedFuture(new PostgresComponent(jdbcSetting,
                            Objects.requireNonNullElse(settings.apply(JDBC_USER_ENV), "licensing"),
                            Objects.requireNonNullElse(settings.apply(JDBC_PASSWORD_ENV), "licensing"),
                            ComponentSource.ENVIRONMENT, null, null))
                    : ParallelStart.async(TestInfrastructure::embeddedPostgres, executor);
            CompletableFuture.allOf(registry, kafka, postgres).exceptionally(ignored -> null).join();

            List<Throwable> failures = new ArrayList<>();
            KafkaComponent k = ParallelStart.result(kafka, failures);
            PostgresComponent p = ParallelStart.result(postgres, failures);
            RegistryComponent r = ParallelStart.result(registry, failures);
            if (!failures.isEmpty()) {
                ParallelStart.closeAll(k == null ? null : k.closer(), p == null ? null : p.closer(),
                        r == null ? null : r.closer());
                IllegalStateException failure = new IllegalStateException("Could not start the test infrastructure",
                        failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            TestInfrastructure infrastructure = new TestInfrastructure(k, p, r);
            log.info("Test infrastructure ready in {} ms:\n  Kafka      {} <- {}\n  PostgreSQL {} (user {}) <- {}{}\n"
                            + "  Registry   {} <- {}",
                    (System.nanoTime() - started) / 1_000_000,
                    k.bootstrapServers(), k.source(),
                    p.jdbcUrl(), p.username(), p.source(), p.embedded() != null ? " (stop/start available)" : "",
                    r.baseUrl(), r.source());
            return infrastructure;
        }
        finally {
            executor.shutdown();
        }
    }

    private static KafkaComponent embeddedKafka() {
        KafkaBroker broker = KafkaBroker.launch();
        return new KafkaComponent(broker.bootstrapServers(), ComponentSource.EMBEDDED, broker);
    }

    private static PostgresComponent embeddedPostgres() {
        PostgresServer server = PostgresServer.launch();
        return new PostgresComponent(server.jdbcUrl(), server.username(), server.password(), ComponentSource.EMBEDDED,
                server, server);
    }

    private static RegistryComponent embeddedRegistry() {
        SchemaRegistryProcess registry = SchemaRegistryProcess.launch();
        return new RegistryComponent(registry.baseUrl(), ComponentSource.EMBEDDED, registry);
    }

    /** The registry's base URL, also when an API URL ({@code .../apis/registry/v3}, {@code .../apis/ccompat/v7}) was given. */
    static String registryBaseUrl(String url) {
        String base = url.replaceAll("/+$", "");
        for (String api : List.of(SchemaRegistryProcess.REGISTRY_API_PATH, SchemaRegistryProcess.CCOMPAT_API_PATH)) {
            if (base.endsWith(api)) {
                log.warn("{} should be the registry's base URL; using {} instead of {}", REGISTRY_URL_ENV,
                        base.substring(0, base.length() - api.length()), url);
                return base.substring(0, base.length() - api.length());
            }
        }
        return base;
    }

    /** An environment variable, else a system property of the same name; blank counts as absent. */
    static String setting(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = System.getProperty(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

}
