package com.licensemanager.bench.echo;

import com.licensemanager.localstack.KafkaBrokerProcess;
import com.licensemanager.localstack.ManagedProcess;
import com.licensemanager.localstack.Processes;
import com.licensemanager.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link KafkaEcho} in its own JVM against the benchmark's broker and registry, on topics of its own that are
 * declared as the service declares its topics (same partitions and replication; the state topic compacted like
 * {@code licensing.units.v1}), so the echo never sees the service's traffic nor the service the echo's.
 */
public final class EchoProcess {

    public static final String REQUESTS = "bench.echo.license-requests";
    public static final String RESULTS = "bench.echo.license-results";
    public static final String STATES = "bench.echo.units";
    /** The service's defaults: licensing.topics.partitions and replication-factor. */
    public static final int PARTITIONS = 6;
    public static final short REPLICATION = 1;

    private final ManagedProcess process;

    private EchoProcess(ManagedProcess process) {
        this.process = process;
    }

    public static EchoProcess start(Processes processes, Path javaHome, KafkaBrokerProcess broker,
                                    String registryApiUrl, int resultBytes, int stateBytes, int threads,
                                    Path logDir) {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(REQUESTS, PARTITIONS, REPLICATION),
                    new NewTopic(RESULTS, PARTITIONS, REPLICATION),
                    new NewTopic(STATES, PARTITIONS, REPLICATION).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // started again later in the run (the transport floor at the service's light rate): the topics are there
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the echo's topics", e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create the echo's topics", e);
        }
        if (!Topics.COMPACTED.contains(Topics.UNITS)) {
            throw new IllegalStateException("the echo's state topic mirrors a compacted licensing.units.v1");
        }
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xms256m", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), KafkaEcho.class.getName(), broker.bootstrapServers(),
                registryApiUrl, String.valueOf(resultBytes), String.valueOf(stateBytes), String.valueOf(threads)));
        return new EchoProcess(processes.start("kafka-echo", command, Map.of(), null, logDir.resolve("kafka-echo.log"),
                Duration.ofSeconds(10)));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the Kafka echo died; see " + process.log());
        }
    }

    public void stop() {
        process.stop();
    }
}
