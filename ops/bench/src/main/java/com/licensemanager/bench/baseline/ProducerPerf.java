package com.licensemanager.bench.baseline;

import com.licensemanager.harness.Console;
import com.licensemanager.localstack.KafkaBrokerProcess;
import com.licensemanager.localstack.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The machine's baseline for the broker: Kafka's own {@code ProducerPerformance} (from {@code kafka-tools}, in its
 * own JVM) against the benchmark's broker, {@code acks=all}, into a topic with as many partitions as the services'.
 */
public final class ProducerPerf {

    public static final String TOPIC = "bench.producer-performance";

    public record Run(long records, int recordSize, double recordsPerSecond, double megabytesPerSecond,
                      double averageLatencyMs, double p99LatencyMs) {
    }

    private final KafkaBrokerProcess broker;
    private final Path logDir;

    public ProducerPerf(KafkaBrokerProcess broker, Path logDir) {
        this.broker = broker;
        this.logDir = logDir;
    }

    public Run run(long records, int recordSize) {
        broker.createTopic(TOPIC, 6);
        Path out = logDir.resolve("producer-performance.log");
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(broker.toolCommand("org.apache.kafka.tools.ProducerPerformance",
                "512m"));
        command.addAll(List.of("--topic", TOPIC, "--num-records", String.valueOf(records), "--record-size",
                String.valueOf(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + broker.bootstrapServers(), "acks=all"));
        Processes.runChecked(command, Map.of(), out, Duration.ofMinutes(5));
        String text;
        try {
            text = Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // intermediate windows print "... records sent, ..." too; the final summary is the line with percentiles
        String last = text.lines().filter(line -> line.contains("99.9th")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no summary in the output of ProducerPerformance: " + out));
        Run run = new Run((long) PgBench.number(last, "^([0-9]+) records sent"), recordSize,
                PgBench.number(last, "([0-9.]+) records/sec"),
                PgBench.number(last, "\\(([0-9.]+) MB/sec\\)"),
                PgBench.number(last, "([0-9.]+) ms avg latency"),
                PgBench.number(last, "([0-9.]+) ms 99th"));
        Console.say("baseline Kafka ProducerPerformance: %.0f records/s (%.1f MB/s, %d records of %d bytes, acks=all,"
                        + " avg latency %.0f ms)", run.recordsPerSecond(), run.megabytesPerSecond(), run.records(),
                recordSize, run.averageLatencyMs());
        return run;
    }
}
