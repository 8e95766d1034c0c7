package com.licensemanager.bench.measure;

import com.licensemanager.localstack.Processes;
import com.licensemanager.harness.ServiceInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Where a service instance spends its CPU during a phase: a JDK Flight Recorder recording ({@code settings=profile})
 * of the phase, its execution samples attributed to the library the sampled code was in (the first frame outside
 * the JDK; JDK cryptography and socket code named as such), to the innermost project method on the stack, and to
 * the thread. The recording and {@code jfr view hot-methods} are kept next to the logs.
 */
public final class JfrProfile {

    private final ServiceInstance instance;
    private final Path javaHome;
    private final Path recording;
    private final String name;

    private JfrProfile(ServiceInstance instance, Path javaHome, Path recording, String name) {
        this.instance = instance;
        this.javaHome = javaHome;
        this.recording = recording;
        this.name = name;
    }

    public static JfrProfile start(ServiceInstance instance, Path javaHome, Path recording) {
        String name = "bench-" + recording.getFileName().toString().replace(".jfr", "");
        instance.jcmd("JFR.start", "name=" + name, "settings=profile", "filename=" + recording.toAbsolutePath());
        return new JfrProfile(instance, javaHome, recording, name);
    }

    /** Stops the recording and answers the attribution of its execution samples. */
    public Map<String, Object> stop() {
        instance.jcmd("JFR.stop", "name=" + name);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("recording", recording.getFileName().toString());
        if (!Files.exists(recording)) {
            result.put("error", "no recording was written");
            return result;
        }
        String hot = Processes.output(List.of(javaHome.resolve("bin/jfr").toString(), "view", "--width", "200", "hot-methods",
                recording.toString()));
        write(recording.resolveSibling(recording.getFileName().toString().replace(".jfr", "-hot-methods.txt")), hot);
        String samples = Processes.output(List.of(javaHome.resolve("bin/jfr").toString(), "print", "--stack-depth", "96",
                "--events", "jdk.ExecutionSample", recording.toString()));
        analyse(samples, result);
        return result;
    }

    private static void analyse(String text, Map<String, Object> result) {
        Map<String, Integer> byLibrary = new TreeMap<>();
        Map<String, Integer> byProjectMethod = new TreeMap<>();
        Map<String, Integer> byThread = new TreeMap<>();
        int samples = 0;
        String thread = null;
        List<String> frames = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("jdk.ExecutionSample")) {
                thread = null;
                frames = null;
            } else if (line.startsWith("sampledThread = \"")) {
                thread = line.substring("sampledThread = \"".length(), line.indexOf('"', "sampledThread = \"".length()));
            } else if (line.startsWith("stackTrace = [")) {
                frames = new ArrayList<>();
            } else if (frames != null && line.equals("]")) {
                samples++;
                byLibrary.merge(library(frames), 1, Integer::sum);
                List<String> project = frames.stream().filter(f -> f.startsWith("com.licensemanager")
                        && !f.startsWith("com.licensemanager.platform.db")).toList();
                byProjectMethod.merge(project.isEmpty() ? "(no project code on the stack)"
                        : ThreadSampler.firstProjectFrame(project), 1, Integer::sum);
                byThread.merge(threadGroup(thread), 1, Integer::sum);
                frames = null;
            } else if (frames != null && !line.isEmpty() && !line.equals("...")) {
                frames.add(line);
            }
        }
        result.put("executionSamples", samples);
        result.put("cpuSharePercentByLibrary", shares(byLibrary, 20));
        result.put("cpuSharePercentByInnermostProjectMethod", shares(byProjectMethod, 20));
        result.put("cpuSharePercentByThread", shares(byThread, 10));
    }

    static String library(List<String> frames) {
        for (String frame : frames) {
            if (frame.startsWith("sun.security.ec.ed") || frame.startsWith("sun.security.ec.point")
                    || frame.startsWith("sun.security.util.math")) {
                return "JDK crypto (Ed25519 signing)";
            }
            if (frame.startsWith("sun.nio.ch") || frame.startsWith("java.net.") || frame.startsWith("sun.net.")) {
                return "JDK socket I/O";
            }
            if (isJdk(frame)) {
                continue;
            }
            if (frame.startsWith("org.postgresql")) {
                return "PostgreSQL JDBC driver";
            }
            if (frame.startsWith("org.jooq")) {
                return "jOOQ";
            }
            if (frame.startsWith("com.zaxxer.hikari")) {
                return "HikariCP";
            }
            if (frame.startsWith("org.apache.avro")) {
                return "Avro";
            }
            if (frame.startsWith("io.apicurio")) {
                return "Apicurio serde";
            }
            if (frame.startsWith("org.apache.kafka")) {
                return "Kafka client";
            }
            if (frame.startsWith("org.springframework")) {
                return "Spring";
            }
            if (frame.startsWith("ch.qos.logback") || frame.startsWith("org.slf4j")
                    || frame.startsWith("org.apache.logging")) {
                return "logging";
            }
            if (frame.startsWith("io.micrometer")) {
                return "Micrometer";
            }
            if (frame.startsWith("com.licensemanager.licensing")) {
                return "licensing rules";
            }
            if (frame.startsWith("com.licensemanager")) {
                return "service code";
            }
            int dot = frame.indexOf('.', frame.indexOf('.') + 1);
            return "other: " + (dot > 0 ? frame.substring(0, dot) : frame);
        }
        return frames.isEmpty() ? "(no frames)" : "JDK: " + packageOf(frames.get(0));
    }

    private static boolean isJdk(String frame) {
        return frame.startsWith("java.") || frame.startsWith("javax.") || frame.startsWith("jdk.")
                || frame.startsWith("sun.") || frame.startsWith("com.sun.");
    }

    private static String packageOf(String frame) {
        int paren = frame.indexOf('(');
        String method = paren > 0 ? frame.substring(0, paren) : frame;
        int lastDot = method.lastIndexOf('.');
        int classDot = lastDot > 0 ? method.lastIndexOf('.', lastDot - 1) : -1;
        return classDot > 0 ? method.substring(0, classDot) : method;
    }

    private static String threadGroup(String thread) {
        if (thread == null) {
            return "(unknown)";
        }
        if (thread.startsWith("license-requests-")) {
            return "license-request listener threads";
        }
        if (thread.equals("outbox-relay")) {
            return "outbox relay";
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "Kafka producer I/O thread";
        }
        if (thread.contains("C-1") || thread.contains("-C-")) {
            return "other listener threads";
        }
        if (thread.contains("GC") || thread.contains("G1")) {
            return "GC";
        }
        return "other: " + thread.replaceAll("[0-9]+", "#");
    }

    private static Map<String, Object> shares(Map<String, Integer> counts, int limit) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> Math.round(1000.0 * e.getValue() / Math.max(1, total)) / 10.0,
                        (a, b) -> a, LinkedHashMap::new));
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
