package com.licensemanager.bench.baseline;

import com.licensemanager.harness.Console;
import com.licensemanager.localstack.DurablePostgresServer;
import com.licensemanager.localstack.Processes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's baseline for durable single-row writes: {@code pgbench} against the benchmark's own PostgreSQL
 * (same server, same fsync settings, over TCP like the services), with a custom script of exactly one
 * single-row {@code UPDATE} per transaction, i.e. one commit (one WAL flush, shared by concurrent committers) per
 * transaction.
 */
public final class PgBench {

    public static final String SCRIPT = """
            \\set aid random(1, 100000 * :scale)
            UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
            """;

    public record Run(int clients, int seconds, double tps, double latencyAverageMs, long transactions) {
    }

    private final DurablePostgresServer postgres;
    private final Path logDir;

    public PgBench(DurablePostgresServer postgres, Path logDir) {
        this.postgres = postgres;
        this.logDir = logDir;
    }

    /** {@code pgbench -i} (scale 1: 100 000 accounts) into the baseline database. */
    public void initialise() {
        Processes.runChecked(command(List.of("-i", "-q", "-s", "1", "-n")), env(), logDir.resolve("pgbench.log"),
                Duration.ofMinutes(3));
    }

    public Run run(int clients, int seconds) {
        Path script = logDir.resolve("pgbench-single-row-update.sql");
        Path out = logDir.resolve("pgbench-c" + clients + ".log");
        try {
            Files.writeString(script, SCRIPT);
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("-n", "-M", "prepared", "-f", script.toString(),
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T",
                String.valueOf(seconds)));
        Processes.runChecked(command(args), env(), out, Duration.ofSeconds(seconds + 120L));
        String text;
        try {
            text = Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double tps = number(text, "tps = ([0-9.]+) \\(without initial connection time\\)");
        double latency = number(text, "latency average = ([0-9.]+) ms");
        long transactions = (long) number(text, "number of transactions actually processed: ([0-9]+)");
        Run run = new Run(clients, seconds, tps, latency, transactions);
        Console.say("baseline pgbench single-row UPDATE -c %d: %.0f TPS (latency avg %.2f ms, %d transactions)",
                clients, tps, latency, transactions);
        return run;
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(postgres.bin().resolve("pgbench").toString(),
                "-h", "127.0.0.1", "-p", String.valueOf(postgres.port()), "-U", postgres.username()));
        command.addAll(args);
        command.add(DurablePostgresServer.BASELINE_DATABASE);
        return command;
    }

    private Map<String, String> env() {
        return Map.of("PGPASSWORD", postgres.password());
    }

    static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no '" + regex + "' in the output:\n" + text);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
