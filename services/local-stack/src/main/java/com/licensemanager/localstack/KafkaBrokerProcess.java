package com.licensemanager.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka 4.1 broker as its own OS process, for the end-to-end drivers: unlike the in-process {@link KafkaBroker} of
 * the tests it can be stopped and started again on the same ports and log directories ({@link #stopProcess()},
 * {@link #startAgain()}), and its garbage collection and CPU are not the driver's. It runs the jars of
 * {@code ops/bench/kafka/pom.xml} ({@code kafka_2.13}, {@code kafka-tools}, a log4j2 binding), KRaft combined mode
 * (broker and controller, the controller on its own port), replication factor 1, formatted with {@code StorageTool}, started with
 * {@code kafka.Kafka}. The log directories live in a temporary directory on the machine's disk.
 */
public final class KafkaBrokerProcess implements Processes.Stoppable {

    private final Processes processes;
    private final List<String> command;
    private final Path log;
    private volatile ManagedProcess process;
    private final Path work;
    private final int port;
    private final Path libs;
    private final Path java;
    private final Path log4j;

    private KafkaBrokerProcess(Processes processes, List<String> command, Path log, ManagedProcess process, Path work,
                               int port, Path libs, Path java, Path log4j) {
        this.processes = processes;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
        this.work = work;
        this.port = port;
        this.libs = libs;
        this.java = java;
        this.log4j = log4j;
    }

    public static KafkaBrokerProcess start(Processes processes, Path java, Path libs, Path tempRoot, Path logDir,
                                           String heap) {
        long started = System.nanoTime();
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("no Kafka distribution at " + libs
                    + " (build it: ./mvnw -f ops/bench/kafka/pom.xml package)");
        }
        int port = Ports.free();
        int controllerPort = Ports.free();
        Path work;
        try {
            work = Files.createTempDirectory(tempRoot, "lm-bench-kafka-");
            Path log4j = work.resolve("log4j2.properties");
            Files.writeString(log4j, """
                    rootLogger.level=INFO
                    rootLogger.appenderRef.out.ref=out
                    appender.out.type=Console
                    appender.out.name=out
                    appender.out.layout.type=PatternLayout
                    appender.out.layout.pattern=[%d] %p %m (%c)%n
                    logger.state.name=state.change.logger
                    logger.state.level=WARN
                    logger.kafka.name=kafka
                    logger.kafka.level=INFO
                    logger.apache.name=org.apache.kafka
                    logger.apache.level=INFO
                    """);
            Path properties = work.resolve("server.properties");
            Files.writeString(properties, String.join("\n", List.of(
                    "process.roles=broker,controller",
                    "node.id=1",
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "log.dirs=" + work.resolve("data"),
                    "num.partitions=6",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=false")) + "\n");
            Path formatLog = logDir.resolve("kafka-format.log");
            List<String> format = new ArrayList<>(javaCommand(java, libs, log4j, "256m"));
            format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t",
                    Uuid.randomUuid().toString(), "-c", properties.toString()));
            Processes.runChecked(format, Map.of(), formatLog, Duration.ofMinutes(1));

            List<String> command = new ArrayList<>(javaCommand(java, libs, log4j, heap));
            command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                    "-XX:InitiatingHeapOccupancyPercent=35", "kafka.Kafka", properties.toString()));
            Path log = logDir.resolve("kafka.log");
            ManagedProcess process = processes.start("Kafka broker", command, Map.of(), work, log,
                    Duration.ofSeconds(30));
            KafkaBrokerProcess broker = new KafkaBrokerProcess(processes, command, log, process, work, port, libs,
                    java, log4j);
            processes.register(broker, "rm -rf " + work);
            broker.awaitReady(Duration.ofSeconds(90));
            processes.report("Kafka broker ready at %s (pid %d, KRaft combined, own JVM) in %d ms",
                    broker.bootstrapServers(), process.pid(), (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> javaCommand(Path java, Path libs, Path log4j, String heap) {
        return List.of(java.toString(), "-Xms" + heap, "-Xmx" + heap, "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", libs.toAbsolutePath() + "/*");
    }

    /** A command line for one of the broker distribution's tools (e.g. ProducerPerformance). */
    public List<String> toolCommand(String mainClass, String heap) {
        List<String> command = new ArrayList<>(javaCommand(java, libs, log4j, heap));
        command.add(mainClass);
        return command;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    /** Stops the broker process (SIGTERM: a controlled shutdown; SIGKILL after 30 s), keeping its log directories. */
    public void stopProcess() {
        process.stop();
    }

    /** Starts the broker again on the same ports with the same configuration and log directories: a real restart. */
    public void startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException("the Kafka broker is still running (pid " + process.pid() + ")");
        }
        long started = System.nanoTime();
        process = processes.start("Kafka broker", command, Map.of(), work, log, Duration.ofSeconds(30));
        awaitReady(Duration.ofSeconds(90));
        processes.report("Kafka broker restarted at %s (pid %d) in %d ms", bootstrapServers(), process.pid(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.process().exitValue()
                        + "; see " + process.log());
            }
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(300);
        }
        throw new IllegalStateException("the Kafka broker was not ready within " + timeout.toSeconds() + " s; see "
                + process.log(), last);
    }

    @Override
    public String name() {
        return "Kafka data directory " + work;
    }

    @Override
    public void stop() {
        process.stop();
        LocalStackSupport.deleteRecursively(work);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
