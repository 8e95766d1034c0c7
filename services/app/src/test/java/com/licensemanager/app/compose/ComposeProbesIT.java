package com.licensemanager.app.compose;

import com.licensemanager.app.Repository;
import com.licensemanager.app.access.KafkaAccessPolicy;
import com.licensemanager.localstack.Ports;
import com.licensemanager.localstack.SchemaRegistryProcess;
import com.licensemanager.localstack.SecuredKafkaBroker;
import com.licensemanager.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * No Docker engine runs where the build runs, so every health check and one-shot command of docker-compose.yml is
 * run here as compose would run it, word for word, against the same artifacts started locally: Apicurio Registry of
 * the image's release, a broker from the deployment's {@code server.properties} with Kafka's own tools of the
 * image's release, the machine's {@code pg_isready}, and the very jar the image copies (hence a failsafe test: it
 * runs after {@code package}). Only what a container would see differently is mapped: {@code localhost:<container
 * port>} becomes the port the local artifact listens on, compose service names become local addresses, and
 * {@code ${VARIABLE}} is filled with this run's secrets. A probe naming a port the artifact does not serve, or a
 * path that does not answer, fails here.
 */
class ComposeProbesIT {

    private static final Path ROOT = Repository.root();
    private static final Path JAR = ROOT.resolve("services/app/target/license-manager.jar");
    /** What the apache/kafka image's bin/ scripts run (each is {@code kafka-run-class.sh <class> "$@"}). */
    private static final Map<String, String> KAFKA_SCRIPTS = Map.of(
            "kafka-broker-api-versions.sh", "org.apache.kafka.tools.BrokerApiVersionsCommand");

    private static Map<String, Map<String, Object>> services;
    private static final Map<String, String> secrets = new HashMap<>();
    private static SecuredKafkaBroker broker;
    private static SchemaRegistryProcess registry;
    private static Process service;
    private static int servicePort;
    private static Path work;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void startTheArtifactsComposeStarts() throws Exception {
        assertThat(JAR).as("the jar the image copies (run `package` first)").isRegularFile();
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(in).get("services");
        }
        work = Files.createTempDirectory("compose-probes-");
        secrets.put("KAFKA_PASSWORD_ADMIN", "admin-" + UUID.randomUUID());
        for (String user : KafkaAccessPolicy.read(ROOT.resolve("ops/compose/kafka/access.conf")).users()) {
            secrets.put(passwordVariable(user), user + "-" + UUID.randomUUID());
        }
        TestInfrastructure infrastructure = TestInfrastructure.get();
        secrets.put("POSTGRES_PASSWORD", infrastructure.jdbcPassword());
        broker = SecuredKafkaBroker.launch(ROOT.resolve("ops/compose/kafka/server.properties"),
                secrets.get("KAFKA_PASSWORD_ADMIN"));
        registry = SchemaRegistryProcess.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(20, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theRegistryProbeAnswersOnTheRegistrysManagementPort() throws Exception {
        String probe = healthCheck("registry");

        assertThat(runProbe(probe, Map.of(8080, registry.port(), 9000, registry.managementPort()), Map.of()))
                .as("registry probe %s", probe).isZero();
    }

    @Test
    void aRegistryProbeOnTheApiPortWouldNeverPass() throws Exception {
        // the probe compose had before: Apicurio 3 serves health on its management port only
        String probe = "curl -fsS http://localhost:8080/health/ready || exit 1";

        assertThat(runProbe(probe, Map.of(8080, registry.port()), Map.of())).isNotZero();
    }

    @Test
    void thePostgresProbeAnswers() throws Exception {
        URI database = URI.create(TestInfrastructure.get().jdbcUrl().substring("jdbc:".length()));
        String probe = healthCheck("postgres");

        // inside the container pg_isready finds the server on its default socket; here PGHOST/PGPORT point at it
        assertThat(runProbe(probe, Map.of(), Map.of("PGHOST", database.getHost(),
                "PGPORT", String.valueOf(database.getPort())))).isZero();
        assertThat(runProbe(probe, Map.of(), Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(Ports.free()))))
                .as("pg_isready fails while no server listens").isNotZero();
    }

    @Test
    void theBrokerProbeLogsInWithTheAdminClientPropertiesTheBrokerEntryPointWrites() throws Exception {
        String probe = healthCheck("kafka");

        assertThat(runProbe(probe, Map.of(9092, brokerPort()), Map.of())).as("broker probe %s", probe).isZero();
        assertThat(runProbe(probe.replace("--command-config /tmp/admin-client.properties", ""),
                Map.of(9092, brokerPort()), Map.of())).as("without the admin's login the broker refuses the probe")
                .isNotZero();
    }

    @Test
    void theAccessOneShotAndTheServicesReadinessProbeRunOnTheShippedJar() throws Exception {
        // compose's order: kafka-access completes, then every service role starts
        Map<String, Object> access = services.get("kafka-access");
        List<String> command = new ArrayList<>();
        for (Object word : (List<?>) access.get("entrypoint")) {
            command.add(word.toString().replace("/app/app.jar", JAR.toString())
                    .replace("/etc/license-manager/kafka/access.conf", ROOT.resolve("ops/compose/kafka/access.conf").toString()));
        }
        Map<String, String> accessEnvironment = containerEnvironment(access);
        Process setup = start(command, accessEnvironment, work.resolve("kafka-access.log"));
        assertThat(setup.waitFor(120, TimeUnit.SECONDS)).as("kafka-access completes").isTrue();
        assertThat(setup.exitValue()).as("kafka-access exit code; log %s:%n%s", work.resolve("kafka-access.log"),
                Files.readString(work.resolve("kafka-access.log"))).isZero();

        servicePort = Ports.free();
        Map<String, String> serviceEnvironment = containerEnvironment(services.get("unit-register"));
        TestInfrastructure infrastructure = TestInfrastructure.get();
        serviceEnvironment.put("SPRING_DATASOURCE_URL", infrastructure.createDatabase("compose_probes"));
        serviceEnvironment.put("SPRING_DATASOURCE_USERNAME", infrastructure.jdbcUsername());
        serviceEnvironment.put("SERVER_PORT", String.valueOf(servicePort));
        // the image's ENTRYPOINT, with the jar where the build left it
        service = start(List.of(java(), "-Xmx384m", "-jar", JAR.toString()), serviceEnvironment,
                work.resolve("unit-register.log"));
        String probe = healthCheck("unit-register");

        HttpClient http = HttpClient.newHttpClient();
        await("the service's web server is up").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(service.isAlive()).as("service alive; log %s", work.resolve("unit-register.log")).isTrue();
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servicePort
                                + "/actuator/health/liveness")).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        // readiness includes the database, the broker under the service's SCRAM login, and the registry
        await("the compose probe passes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(runProbe(probe, Map.of(8080, servicePort), Map.of()))
                        .as("probe %s; log %s", probe, work.resolve("unit-register.log")).isZero());
        assertThat(runProbe(probe.replace("/actuator/health/readiness", "/health/ready"), Map.of(8080, servicePort),
                Map.of())).as("a path the service does not serve fails the probe").isNotZero();

        theOperatorCliRunsFromTheShippedJarWithAContainersEnvironment(serviceEnvironment);
    }

    /**
     * The runbook's {@code java -jar app.jar cli ...} in a service container's environment, on the database the
     * service just migrated and the secured broker: the command answers and exits, no listener starts.
     */
    private static void theOperatorCliRunsFromTheShippedJarWithAContainersEnvironment(Map<String, String> environment)
            throws Exception {
        Cli unit = cli(environment, "unit", "00:90:33:FF:FF:FE");
        assertThat(unit.status()).as("unknown unit; output:%n%s", unit.output()).isEqualTo(1);
        assertThat(unit.output()).contains("no unit 00-90-33-FF-FF-FE").doesNotContain("Started LicenseManagerApplication");

        Map<String, String> operator = new HashMap<>(environment);
        operator.put("KAFKA_PASSWORD_ADMIN", secrets.get("KAFKA_PASSWORD_ADMIN"));
        Cli dryRun = cli(operator, "redrive", "warehouse.units-shipped.v1", "--dry-run", "--user", "admin");
        assertThat(dryRun.status()).as("dry run; output:%n%s", dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("dry run: 0 dead letters of warehouse.units-shipped.v1-dlt");
    }

    private record Cli(int status, String output) {
    }

    private static Cli cli(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar", JAR.toString(), "cli"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(work, "cli-", ".log");
        Process process = start(command, environment, log);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("cli %s exits; log %s", List.of(arguments), log).isTrue();
        return new Cli(process.exitValue(), Files.readString(log));
    }

    @Test
    void theRegistryContractOneShotRegistersTheBuildsSchemasOnTheRegistryOfTheRelease() throws Exception {
        Map<String, Object> step = services.get("registry-contract");
        List<String> command = new ArrayList<>();
        for (Object word : (List<?>) step.get("entrypoint")) {
            command.add(word.toString().replace("/app/app.jar", JAR.toString()));
        }
        Path log = work.resolve("registry-contract.log");
        Process contract = start(command, containerEnvironment(step), log);
        assertThat(contract.waitFor(120, TimeUnit.SECONDS)).as("registry-contract completes").isTrue();
        String output = Files.readString(log);
        assertThat(contract.exitValue()).as("registry-contract exit code; log:%n%s", output).isZero();
        assertThat(output).contains("portal.license-requests.v1-value -> schema id", "licensing.units.v1-value -> schema id");
    }

    /** The health check of a compose service as the shell command compose runs ({@code CMD-SHELL}). */
    @SuppressWarnings("unchecked")
    private static String healthCheck(String service) {
        Map<String, Object> healthcheck = (Map<String, Object>) services.get(service).get("healthcheck");
        assertThat(healthcheck).as("%s has a health check", service).isNotNull();
        List<String> test = (List<String>) healthcheck.get("test");
        assertThat(test.getFirst()).as("%s: health checks are CMD-SHELL", service).isEqualTo("CMD-SHELL");
        return test.get(1);
    }

    /**
     * Runs a probe in sh. {@code localhost:<container port>} is mapped to the local artifact's port; a container port
     * the artifact does not serve fails the test rather than being guessed.
     */
    private static int runProbe(String probe, Map<Integer, Integer> ports, Map<String, String> environment)
            throws Exception {
        Matcher matcher = Pattern.compile("localhost:(\\d+)").matcher(probe);
        StringBuilder local = new StringBuilder();
        while (matcher.find()) {
            Integer port = ports.get(Integer.parseInt(matcher.group(1)));
            if (port == null) {
                fail("the probe <%s> asks port %s, which the artifact does not serve (it serves %s)", probe,
                        matcher.group(1), ports.keySet());
            }
            matcher.appendReplacement(local, "127.0.0.1:" + port);
        }
        matcher.appendTail(local);
        String command = local.toString()
                .replace("/opt/kafka/bin/", kafkaBin() + "/")
                .replace("/tmp/admin-client.properties", adminClientProperties().toString());
        Path log = Files.createTempFile(work, "probe-", ".log");
        Process process = start(List.of("sh", "-c", command), environment, log);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("probe <%s> did not finish within 60 s", command);
        }
        return process.exitValue();
    }

    /** Kafka's bin/ scripts as the image has them: each runs a class of the tools of the broker's release. */
    private static Path kafkaBin() throws IOException {
        Path bin = work.resolve("kafka-bin");
        if (Files.isDirectory(bin)) {
            return bin;
        }
        Files.createDirectories(bin);
        for (var script : KAFKA_SCRIPTS.entrySet()) {
            Path file = bin.resolve(script.getKey());
            Files.writeString(file, "#!/bin/sh\nexec '" + java() + "' -Xmx128m -cp '"
                    + System.getProperty("java.class.path") + "' " + script.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        }
        return bin;
    }

    /** What ops/compose/kafka/start-broker.sh writes for the health check, with this run's admin password. */
    private static Path adminClientProperties() throws IOException {
        String entryPoint = Files.readString(ROOT.resolve("ops/compose/kafka/start-broker.sh"));
        assertThat(entryPoint).as("the broker's entry point writes the probe's login")
                .contains("> /tmp/admin-client.properties")
                .contains("security.protocol=SASL_PLAINTEXT\\nsasl.mechanism=SCRAM-SHA-512\\nsasl.jaas.config=%s\\n");
        Path file = work.resolve("admin-client.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\""
                + " password=\"" + secrets.get("KAFKA_PASSWORD_ADMIN") + "\";\n");
        return file;
    }

    /** A container's environment: secrets interpolated, compose service addresses pointing at the local artifacts. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> containerEnvironment(Map<String, Object> service) {
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, String> addresses = Map.of("kafka:9092", "127.0.0.1:" + brokerPort(),
                "registry:8080", "127.0.0.1:" + registry.port());
        ((Map<String, Object>) service.getOrDefault("environment", Map.of())).forEach((name, value) -> {
            String resolved = interpolate(String.valueOf(value));
            for (var address : addresses.entrySet()) {
                resolved = resolved.replace(address.getKey(), address.getValue());
            }
            environment.put(name, resolved);
        });
        return environment;
    }

    /** Compose's {@code ${NAME}}, {@code ${NAME:?message}}, {@code ${NAME:-default}}: every secret must be known. */
    private static String interpolate(String value) {
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::[?-][^}]*)?}").matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String secret = secrets.get(matcher.group(1));
            assertThat(secret).as("this run has a value for ${%s}", matcher.group(1)).isNotNull();
            matcher.appendReplacement(result, Matcher.quoteReplacement(secret));
        }
        return matcher.appendTail(result).toString();
    }

    private static Process start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static int brokerPort() {
        String bootstrap = broker.bootstrapServers();
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    private static String passwordVariable(String user) {
        return "KAFKA_PASSWORD_" + user.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
