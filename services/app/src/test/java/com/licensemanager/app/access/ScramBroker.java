package com.licensemanager.app.access;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real Kafka broker started from docker-compose's {@code ops/compose/kafka/server.properties} (listeners, SCRAM,
 * authorizer, super users as deployed), in this JVM, on free loopback ports and a temporary directory. Its storage
 * is formatted like {@code start-broker.sh} does: with the admin user's SCRAM credential in the metadata log.
 */
final class ScramBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path directory;

    private ScramBroker(KafkaRaftServer server, String bootstrapServers, Path directory) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
    }

    static ScramBroker start(Path composeServerProperties, String adminPassword) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(composeServerProperties)) {
            properties.load(in);
        }
        Path directory = Files.createTempDirectory("scram-broker");
        int clients = freePort();
        int controller = freePort();
        // Only addresses and directories differ from the deployment; every security setting is the file's own.
        properties.setProperty("listeners", "CLIENTS://127.0.0.1:" + clients + ",CONTROLLER://127.0.0.1:" + controller);
        properties.setProperty("advertised.listeners", "CLIENTS://127.0.0.1:" + clients);
        properties.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        properties.setProperty("log.dirs", directory.toString());
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        properties.setProperty("offsets.topic.num.partitions", "3");
        properties.setProperty("listener.name.clients.scram-sha-512.sasl.jaas.config",
                ScramClients.properties("unused", "admin", adminPassword).get("sasl.jaas.config").toString());

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
        return new ScramBroker(server, "127.0.0.1:" + clients, directory);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        server.awaitShutdown();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
