package com.licensemanager.localstack;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker as deployed: started from a deployment's {@code server.properties} (docker-compose's
 * {@code ops/compose/kafka/server.properties}: listeners, SCRAM, authorizer, super users), in this JVM, on free
 * loopback ports and a temporary directory. Its storage is formatted like {@code start-broker.sh} does: with the
 * admin user's SCRAM-SHA-512 credential in the metadata log. Unlike {@link KafkaBroker} nothing is relaxed: only
 * addresses and directories differ from the deployment, so a test against it proves the access policy.
 */
public final class SecuredKafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path directory;

    private SecuredKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path directory) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
    }

    /**
     * @param serverProperties the deployment's broker configuration
     * @param adminPassword the password of the SCRAM user {@code admin}, the file's super user
     */
    public static SecuredKafkaBroker launch(Path serverProperties, String adminPassword) throws Exception {
        if (adminPassword.contains("\"") || adminPassword.contains("\\")) {
            // the JAAS line quotes the password; Kafka's parser has no escape for these
            throw new IllegalArgumentException("a Kafka password must not contain '\"' or '\\'");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(serverProperties)) {
            properties.load(in);
        }
        Path directory = Files.createTempDirectory("scram-broker");
        int clients = Ports.free();
        int controller = Ports.free();
        // Only addresses and directories differ from the deployment; every security setting is the file's own.
        properties.setProperty("listeners", "CLIENTS://127.0.0.1:" + clients + ",CONTROLLER://127.0.0.1:" + controller);
        properties.setProperty("advertised.listeners", "CLIENTS://127.0.0.1:" + clients);
        properties.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        properties.setProperty("log.dirs", directory.toString());
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        properties.setProperty("offsets.topic.num.partitions", "3");
        properties.setProperty("listener.name.clients.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\""
                        + adminPassword + "\";");

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(Integer.parseInt(properties.getProperty("node.id")))
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(directory.toString()))
                .setMetadataLogDirectory(directory.toString())
                .setControllerListenerName(properties.getProperty("controller.listener.names"))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(List.of("SCRAM-SHA-512=[name=admin,password=" + adminPassword + "]"))
                .run();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        return new SecuredKafkaBroker(server, "127.0.0.1:" + clients, directory);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LocalStackSupport.deleteRecursively(directory);
    }
}
