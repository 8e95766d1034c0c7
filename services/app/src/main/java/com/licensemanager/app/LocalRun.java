package com.licensemanager.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.licensemanager.localstack.Endpoints;
import com.licensemanager.localstack.LocalStack;
import com.licensemanager.platform.registry.ContractRegistration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs the whole system on one machine without Docker: a real Kafka broker, Apicurio Registry and PostgreSQL are
 * started first (from Maven Central artifacts), then every consumer of the License Manager against them.
 *
 * <p>{@code --demo} then publishes a fulfilled order, waits for its activation key and prints the certificate,
 * then plays a customer who redeems the key and licenses a shipped unit, and prints the signed license file;
 * {@code --demo --exit} stops everything afterwards.
 */
public final class LocalRun {

    private LocalRun() {
    }

    /**
     * The stack starts before Spring configures logging (application.yml), i.e. under logback's defaults, which log
     * everything at DEBUG: the embedded broker alone would bury the demo's output.
     */
    private static void quietInfrastructureLogs() {
        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        for (String noisy : List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky", "io.apicurio")) {
            logback.getLogger(noisy).setLevel(Level.WARN);
        }
    }

    static final String KAFKA = "Kafka bootstrap servers: ";
    static final String REGISTRY_CONFLUENT = "Schema registry, Confluent-compatible API: ";
    static final String REGISTRY_APICURIO = "Schema registry, Apicurio API v3: ";
    static final String JDBC = "PostgreSQL JDBC URL: ";
    static final String HEALTH = "Health: http://localhost:";

    /**
     * One endpoint a line, the value last and whole, so that a person copies it and a script takes what follows the
     * label (ops/test.sh does, for the Node client); the Confluent URL is the one Confluent-based clients want.
     */
    static List<String> endpointLines(Endpoints endpoints) {
        return List.of(
                KAFKA + endpoints.kafkaBootstrapServers(),
                REGISTRY_CONFLUENT + endpoints.schemaRegistryCcompatUrl(),
                REGISTRY_APICURIO + endpoints.schemaRegistryApiUrl(),
                JDBC + endpoints.jdbcUrl() + "?user=" + endpoints.jdbcUsername());
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean demo = options.contains("--demo");
        boolean exitAfterDemo = options.contains("--exit");

        quietInfrastructureLogs();
        System.out.println("Starting Kafka broker, schema registry and PostgreSQL ...");
        LocalStack stack = LocalStack.launch();
        endpointLines(stack.endpoints()).forEach(line -> System.out.println("  " + line));
        // As the deployment's registry-contract step: the rules and this build's schemas, before any service runs.
        new ContractRegistration(stack.endpoints().schemaRegistryCcompatUrl()).registerAll();

        List<String> springArgs = new ArrayList<>();
        for (Map.Entry<String, String> property : stack.springProperties().entrySet()) {
            springArgs.add("--" + property.getKey() + "=" + property.getValue());
        }
        options.stream().filter(option -> option.startsWith("--") && option.contains("=")).forEach(springArgs::add);
        ConfigurableApplicationContext context;
        try {
            context = SpringApplication.run(LicenseManagerApplication.class, springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            System.err.println("The License Manager did not start: " + e.getMessage());
            stack.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stack.close();
        }, "local-run-shutdown"));

        if (demo) {
            String registry = context.getEnvironment().getRequiredProperty("licensing.schema-registry.url");
            String kafka = stack.endpoints().kafkaBootstrapServers();
            try (DemoLicensing portal = new DemoLicensing(kafka, registry, System.out)) {
                var key = DemoOrder.run(kafka, registry, System.out);
                portal.licenseAUnit(key.getActivationKey(), key.getLicenses());
            } catch (Exception e) {
                System.err.println("The demo failed: " + e);
                System.exit(1);
            }
            if (exitAfterDemo) {
                // The service first, so it stops consuming before the infrastructure goes away.
                context.close();
                stack.close();
                System.exit(0);
            }
        }
        System.out.println("  " + HEALTH + context.getEnvironment().getProperty("local.server.port")
                + "/actuator/health");
        System.out.println("License Manager is running. Press Ctrl+C to stop.");
        Thread.currentThread().join();
    }
}
