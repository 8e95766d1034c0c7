package com.licensemanager.testsupport;

import java.time.Duration;

import com.licensemanager.localstack.SchemaRegistryProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The Testcontainers path of {@link TestInfrastructure}; used only where a Docker engine is available. */
final class Containers {

    private static final Logger log = LoggerFactory.getLogger(Containers.class);

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String POSTGRES_IMAGE = "postgres:17";
    static final String REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.3";

    private Containers() {
    }

    static boolean dockerAvailable() {
        long started = System.nanoTime();
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError e) {
            log.debug("Docker check failed", e);
            available = false;
        }
        log.info("Docker {} (checked in {} ms)", available ? "is available: using Testcontainers" : "is not available",
                (System.nanoTime() - started) / 1_000_000);
        return available;
    }

    @SuppressWarnings("resource") // stopped by a shutdown hook (and by Testcontainers' Ryuk if the JVM dies)
    static TestInfrastructure.KafkaComponent kafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "1");
        container.start();
        stopOnExit(container);
        return new TestInfrastructure.KafkaComponent(container.getBootstrapServers(), ComponentSource.TESTCONTAINERS,
                container::stop);
    }

    @SuppressWarnings("resource")
    static TestInfrastructure.PostgresComponent postgres() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
                .withDatabaseName("licensing")
                .withUsername("licensing")
                .withPassword("licensing");
        container.start();
        stopOnExit(container);
        return new TestInfrastructure.PostgresComponent(container.getJdbcUrl(), container.getUsername(),
                container.getPassword(), ComponentSource.TESTCONTAINERS, null, container::stop);
    }

    @SuppressWarnings("resource")
    static TestInfrastructure.RegistryComponent registry() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp(SchemaRegistryProcess.REGISTRY_API_PATH + "/system/info")
                        .forPort(8080)
                        .forStatusCode(200)
                        .withStartupTimeout(Duration.ofSeconds(120)));
        container.start();
        stopOnExit(container);
        String baseUrl = "http://" + container.getHost() + ":" + container.getMappedPort(8080);
        return new TestInfrastructure.RegistryComponent(baseUrl, ComponentSource.TESTCONTAINERS, container::stop);
    }

    /** Stops the container at JVM exit, after the Spring contexts' own shutdown hooks have closed them. */
    private static void stopOnExit(GenericContainer<?> container) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                String name = thread.getName();
                if (name.equals("SpringContextShutdownHook") || name.equals("SpringApplicationShutdownHook")) {
                    try {
                        thread.join(30_000);
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            container.stop();
        }, "test-infrastructure-stop-container"));
    }
}
