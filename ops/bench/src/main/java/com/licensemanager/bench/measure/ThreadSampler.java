package com.licensemanager.bench.measure;

import com.licensemanager.harness.ServiceInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A poor man's profiler for a phase: thread dumps of a service instance ({@code jcmd Thread.print}) at a fixed
 * interval, and for the threads that do the work (the license-request listener threads and the outbox relay) what
 * each sample was doing: waiting for records, waiting for a PostgreSQL round trip (and for which code), committing,
 * signing, Avro, jOOQ, ... The raw dumps are kept.
 */
public final class ThreadSampler implements AutoCloseable {

    private final ServiceInstance instance;
    private final long intervalMillis;
    private final Writer raw;
    private final Map<String, Map<String, Integer>> categories = new TreeMap<>();
    private final Map<String, Integer> databaseCallers = new TreeMap<>();
    private int samples;
    private final Thread thread;
    private volatile boolean running = true;

    public ThreadSampler(ServiceInstance instance, long intervalMillis, Path rawDumps) {
        this.instance = instance;
        this.intervalMillis = intervalMillis;
        try {
            this.raw = Files.newBufferedWriter(rawDumps, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().name("bench-thread-sampler").daemon().start(this::sample);
    }

    private void sample() {
        while (running) {
            long next = System.currentTimeMillis() + intervalMillis;
            String dump = instance.threadDump();
            if (!dump.isEmpty()) {
                analyse(dump);
                try {
                    raw.write(dump);
                    raw.write("\n\n");
                } catch (IOException ignored) {
                    // the analysis still counts
                }
            }
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized void analyse(String dump) {
        samples++;
        for (String block : dump.split("\n\\s*\n")) {
            String[] lines = block.strip().split("\n");
            if (lines.length == 0 || !lines[0].startsWith("\"")) {
                continue;
            }
            String name = lines[0].substring(1, lines[0].indexOf('"', 1));
            String group;
            if (name.startsWith("license-requests-")) {
                group = "license-request listener threads";
            } else if (name.equals("outbox-relay")) {
                group = "outbox relay";
            } else {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (String line : lines) {
                String trimmed = line.strip();
                if (trimmed.startsWith("at ")) {
                    frames.add(trimmed.substring(3));
                }
            }
            String category = classify(frames);
            categories.computeIfAbsent(group, g -> new TreeMap<>()).merge(category, 1, Integer::sum);
            if (category.startsWith("PostgreSQL") && group.startsWith("license-request")) {
                databaseCallers.merge(firstProjectFrame(frames), 1, Integer::sum);
            }
        }
    }

    static String classify(List<String> frames) {
        String all = String.join("\n", frames);
        boolean inBatch = all.contains("IdempotentBatchConsumer");
        if (!inBatch && (all.contains("KafkaConsumer.poll") || all.contains("ConsumerNetworkClient.poll")
                || all.contains("AsyncKafkaConsumer.poll"))) {
            return "idle: waiting for records (Kafka poll)";
        }
        if (!inBatch && all.contains("KafkaMessageListenerContainer") && all.contains("commit")) {
            return "committing Kafka offsets";
        }
        if (all.contains("OutboxSignal.await")) {
            return "idle: waiting for outbox events";
        }
        if (all.contains("publishAndAwait") && !all.contains("org.postgresql")) {
            return "waiting for the broker's acknowledgements";
        }
        if (all.contains("org.postgresql")) {
            if (all.contains("PgConnection.commit") || all.contains("doCommit")) {
                return "PostgreSQL: commit (WAL flush)";
            }
            return "PostgreSQL: statement round trip";
        }
        if (all.contains("com.zaxxer.hikari") && all.contains("getConnection")) {
            return "waiting for a pooled connection";
        }
        if (all.contains("sun.security.ec.ed") || all.contains("EdDSA") || all.contains("Ed25519")) {
            return "Ed25519 signing";
        }
        if (all.contains("org.apache.avro") || all.contains("io.apicurio")) {
            return "Avro encoding/decoding";
        }
        if (all.contains("ch.qos.logback") || all.contains("org.apache.logging")) {
            return "logging";
        }
        if (all.contains("org.jooq")) {
            return "jOOQ (SQL rendering, mapping)";
        }
        return "other: " + firstProjectFrame(frames);
    }

    static String firstProjectFrame(List<String> frames) {
        for (String frame : frames) {
            if (frame.startsWith("com.licensemanager") && !frame.startsWith("com.licensemanager.platform.db")) {
                int paren = frame.indexOf('(');
                String method = paren > 0 ? frame.substring(0, paren) : frame;
                String[] parts = method.split("\\.");
                return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : method;
            }
        }
        return frames.isEmpty() ? "(no frames)" : frames.get(0);
    }

    /** Shares of samples per thread group and category, and the code that waited for PostgreSQL. */
    public synchronized Map<String, Object> profile() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dumps", samples);
        map.put("intervalMs", intervalMillis);
        map.put("via", instance.diagnosticsChannel());
        Map<String, Object> groups = new LinkedHashMap<>();
        categories.forEach((group, counts) -> groups.put(group, shares(counts)));
        map.put("threads", groups);
        map.put("postgresWaitsByCaller", shares(databaseCallers));
        return map;
    }

    private static Map<String, Object> shares(Map<String, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0,
                        (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
            raw.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing
        }
    }
}
