package com.licensemanager.bench.report;

import com.licensemanager.harness.Json;
import com.licensemanager.bench.BenchOptions;
import com.licensemanager.harness.Console;
import com.licensemanager.bench.baseline.PgBench;
import com.licensemanager.bench.baseline.ProducerPerf;
import com.licensemanager.bench.measure.PhaseResult;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Everything the run found, as summary.json, latency.png and the table on the console. */
public final class Report {

    static final double P99_CRITERION_MS = 200;
    static final double THROUGHPUT_CRITERION_VS_PGBENCH_C4 = 1.0;

    private final BenchOptions options;
    private final Path logs;
    private final Map<String, Object> git = new LinkedHashMap<>();
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final Map<String, Object> loadAverage = new LinkedHashMap<>();
    private Map<String, Object> infrastructure = Map.of();
    private final List<PgBench.Run> pgbench = new ArrayList<>();
    private ProducerPerf.Run producerPerformance;
    private final List<PhaseResult> phases = new ArrayList<>();
    private final List<PhaseResult> warmups = new ArrayList<>();
    private Map<String, Object> database = Map.of();
    private Map<String, Object> collector = Map.of();
    private String error;
    private final String date = DateTimeFormatter.ISO_INSTANT.format(ZonedDateTime.now(ZoneOffset.UTC));
    private Map<String, Object> acceptance;

    public Report(BenchOptions options, Path logs) {
        this.options = options;
        this.logs = logs;
    }

    public void describeRun() {
        Path repo = options.repository();
        git.put("commit", command(repo, "git", "rev-parse", "HEAD"));
        git.put("subject", command(repo, "git", "log", "-1", "--format=%s"));
        // the benchmark's own files do not change what is measured
        String status = command(repo, "git", "status", "--porcelain", "--", ".", ":(exclude)ops/bench");
        long dirty = status.isBlank() ? 0 : status.lines().count();
        git.put("uncommittedChanges", dirty);
        git.put("uncommittedChangesCountExcludes", "ops/bench/");
        git.put("note", dirty == 0 ? "clean working tree: the figures are those of the commit"
                : "working tree has uncommitted changes: the figures are of the commit plus these changes");
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("memoryGiB", memoryGiB());
        machine.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        machine.put("kernel", command(repo, "uname", "-r"));
        machine.put("java", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        recordLoadAverage("atStart");
        machine.put("loadAverage", loadAverage);
        Console.say("commit %s (%s), %s uncommitted changes; machine: %s cores, %.1f GiB, load average %s",
                git.get("commit"), git.get("subject"), dirty, machine.get("nproc"), machine.get("memoryGiB"),
                loadAverage.get("atStart"));
    }

    public void recordLoadAverage(String when) {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            loadAverage.put(when, parts[0] + " " + parts[1] + " " + parts[2]);
        } catch (IOException | RuntimeException e) {
            loadAverage.put(when, "unknown");
        }
    }

    public void infrastructure(Map<String, Object> details) {
        this.infrastructure = new LinkedHashMap<>(details);
    }

    public void pgbench(PgBench.Run run) {
        pgbench.add(run);
    }

    public void producerPerformance(ProducerPerf.Run run) {
        producerPerformance = run;
    }

    public void phase(PhaseResult result) {
        phases.add(result);
    }

    public void warmup(PhaseResult result) {
        warmups.add(result);
    }

    public void database(Map<String, Object> details) {
        database = details;
    }

    public void collector(Map<String, Object> details) {
        collector = details;
    }

    public void failed(Throwable failure) {
        error = failure.toString();
    }

    private Optional<PhaseResult> phase(String prefix) {
        return phases.stream().filter(p -> p.name().startsWith(prefix)).findFirst();
    }

    private Optional<Double> pgbenchTps(int clients) {
        return pgbench.stream().filter(r -> r.clients() == clients).map(PgBench.Run::tps).findFirst();
    }

    public boolean passed() {
        return acceptance != null && Boolean.TRUE.equals(acceptance.get("pass"));
    }

    /** Writes summary.json and latency.png into {@code dir} and prints the summary. */
    public void write(Path dir) {
        Optional<PhaseResult> max1 = phase("max rate, 1 instance");
        Optional<PhaseResult> max2 = phase("max rate, 2 instances");
        Optional<PhaseResult> half = phase("50 %");
        Optional<Double> c1 = pgbenchTps(1);
        Optional<Double> c4 = pgbenchTps(4);

        Map<String, Object> figures = new LinkedHashMap<>();
        Double ours = max1.map(PhaseResult::throughput).orElse(null);
        figures.put("sustainedThroughput1Instance", ours);
        figures.put("sustainedThroughput2Instances", max2.map(PhaseResult::throughput).orElse(null));
        figures.put("scalingRatio2To1", ratio(max2.map(PhaseResult::throughput).orElse(null), ours));
        figures.put("p99AtHalfMaxMs", half.map(p -> p.latency().p99()).orElse(null));
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughputVsPgbenchC1", ratio(ours, c1.orElse(null)));
        ratios.put("throughputVsPgbenchC4", ratio(ours, c4.orElse(null)));
        ratios.put("throughputVsProducerPerformance",
                ratio(ours, producerPerformance == null ? null : producerPerformance.recordsPerSecond()));
        figures.put("ratios", ratios);

        acceptance = new LinkedHashMap<>();
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("criterion", "sustained throughput (1 instance) >= 1.0 x pgbench single-row UPDATE -c 4 TPS"
                + " of the same run, fsync on");
        throughput.put("value", ours);
        throughput.put("threshold", c4.map(v -> v * THROUGHPUT_CRITERION_VS_PGBENCH_C4).orElse(null));
        boolean throughputPass = ours != null && c4.isPresent() && ours >= c4.get() * THROUGHPUT_CRITERION_VS_PGBENCH_C4
                && "on".equals(infrastructure.get("fsync"));
        throughput.put("pass", throughputPass);
        acceptance.put("throughput", throughput);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("criterion", "p99 end-to-end latency <= 200 ms at 50 % of the maximum rate");
        latency.put("value", half.map(p -> p.latency().p99()).orElse(null));
        latency.put("threshold", P99_CRITERION_MS);
        boolean latencyPass = half.isPresent() && half.get().answered() == half.get().requests()
                && half.get().latency().p99() <= P99_CRITERION_MS;
        latency.put("pass", latencyPass);
        acceptance.put("latency", latency);
        List<PhaseResult> all = new ArrayList<>(warmups);
        all.addAll(phases);
        Map<String, Object> once = new LinkedHashMap<>();
        once.put("criterion", "every request answered exactly once (all phases, warm-ups included)");
        once.put("requests", all.stream().mapToInt(PhaseResult::requests).sum());
        once.put("missing", all.stream().mapToInt(PhaseResult::missing).sum());
        once.put("duplicateResults", all.stream().mapToInt(PhaseResult::duplicateResults).sum());
        once.put("conflictingResults", all.stream().mapToInt(PhaseResult::conflictingResults).sum());
        boolean oncePass = !all.isEmpty() && all.stream().allMatch(PhaseResult::exactlyOnce) && error == null;
        once.put("pass", oncePass);
        acceptance.put("exactlyOnce", once);
        acceptance.put("pass", throughputPass && latencyPass && oncePass);

        Map<String, Object> noise = noise();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("benchmark", "License Manager end to end (ops/bench)");
        summary.put("date", date);
        summary.put("status", error == null ? "completed" : "failed: " + error);
        summary.put("git", git);
        summary.put("machine", machine);
        summary.put("machineNoise", noise);
        summary.put("configuration", options.toMap());
        summary.put("requestMixPercent", com.licensemanager.bench.load.Workload.mix());
        summary.put("infrastructure", infrastructure);
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("pgbenchSingleRowUpdate", pgbench.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clients", r.clients());
            m.put("seconds", r.seconds());
            m.put("tps", r.tps());
            m.put("latencyAverageMs", r.latencyAverageMs());
            m.put("transactions", r.transactions());
            return m;
        }).toList());
        baselines.put("pgbenchScript", com.licensemanager.bench.baseline.PgBench.SCRIPT.strip());
        if (producerPerformance != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", producerPerformance.records());
            m.put("recordSize", producerPerformance.recordSize());
            m.put("acks", "all");
            m.put("recordsPerSecond", producerPerformance.recordsPerSecond());
            m.put("megabytesPerSecond", producerPerformance.megabytesPerSecond());
            m.put("averageLatencyMs", producerPerformance.averageLatencyMs());
            m.put("p99LatencyMs", producerPerformance.p99LatencyMs());
            baselines.put("kafkaProducerPerformance", m);
        }
        summary.put("baselines", baselines);
        summary.put("figures", figures);
        summary.put("acceptance", acceptance);
        summary.put("phases", phases.stream().map(PhaseResult::toMap).toList());
        summary.put("warmups", warmups.stream().map(PhaseResult::toMap).toList());
        summary.put("databaseAtEnd", database);
        summary.put("resultCollector", collector);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("plot", "latency.png");
        files.put("console", "console.log");
        files.put("logs", "logs/ (postgres, kafka, registry, service instances, pgbench, ProducerPerformance,"
                + " thread dumps, Prometheus scrapes)");
        summary.put("files", files);
        try {
            Files.writeString(dir.resolve("summary.json"), Json.write(summary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        plot(dir.resolve("latency.png"), max1, max2, c1, c4);
        print(figures, c1, c4, noise);
        Console.say("wrote %s and %s", dir.resolve("summary.json"), dir.resolve("latency.png"));
    }

    private void plot(Path png, Optional<PhaseResult> max1, Optional<PhaseResult> max2, Optional<Double> c1,
                      Optional<Double> c4) {
        List<LatencyPlot.Point> points = new ArrayList<>();
        for (PhaseResult p : phases) {
            if (p.answered() == 0) {
                continue;
            }
            boolean saturated = p.offeredRate() == null;
            String label = saturated ? (p.instances() == 1 ? "max, 1 inst." : "max, 2 inst.")
                    : p.name().substring(0, p.name().indexOf(" of max")) + " of max";
            points.add(new LatencyPlot.Point(label, saturated ? p.throughput() : p.offeredRate(),
                    p.latency().p50(), p.latency().p99(), p.latency().max(), saturated));
        }
        if (points.isEmpty()) {
            return;
        }
        List<LatencyPlot.Reference> references = new ArrayList<>();
        double widest = points.stream().mapToDouble(LatencyPlot.Point::offeredPerSecond).max().orElse(1);
        List<String> offScale = new ArrayList<>();
        c4.ifPresent(v -> {
            if (v <= widest * 3) {
                references.add(new LatencyPlot.Reference("pgbench -c 4 (throughput target)", v, new Color(0x2ca02c)));
            } else {
                offScale.add(String.format(Locale.ROOT, "pgbench -c 4 = %.0f TPS (target, off scale)", v));
            }
        });
        c1.ifPresent(v -> {
            if (v <= widest * 3) {
                references.add(new LatencyPlot.Reference("pgbench -c 1", v, new Color(0x9467bd)));
            } else {
                offScale.add(String.format(Locale.ROOT, "pgbench -c 1 = %.0f TPS (off scale)", v));
            }
        });
        List<String> subtitles = new ArrayList<>();
        subtitles.add(String.format(Locale.ROOT, "commit %s%s  |  %s  |  %s cores, %.0f GiB, load average at start %s"
                        + "  |  %s run", shortCommit(), ((Number) git.getOrDefault("uncommittedChanges", 0L)).longValue()
                        > 0 ? " + uncommitted changes" : "", date.substring(0, 10), machine.get("nproc"),
                (Double) machine.get("memoryGiB"), loadAverage.get("atStart"), options.mode()));
        if (!offScale.isEmpty()) {
            subtitles.add(String.join("  |  ", offScale));
        }
        LatencyPlot.write(png, "License Manager: end-to-end latency vs offered load", subtitles, points, references,
                P99_CRITERION_MS);
    }

    /**
     * How much CPU other work on the machine took during the measured phases (from {@code /proc/stat} minus the
     * CPU of every process of the benchmark): on a shared machine the figures are only indicative.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> noise() {
        Map<String, Object> map = new LinkedHashMap<>();
        double worst = 0;
        for (PhaseResult p : phases) {
            Map<String, Object> cpu = (Map<String, Object>) p.extra().get("cpu");
            if (cpu == null) {
                continue;
            }
            Map<String, Object> other = (Map<String, Object>) ((Map<String, Object>) cpu.get("components"))
                    .get("not ours (other work on the machine)");
            double cores = other == null || other.get("cores") == null ? 0 : ((Number) other.get("cores")).doubleValue();
            map.put(p.name(), cores);
            worst = Math.max(worst, cores);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("otherWorkCoresByPhase", map);
        result.put("maxOtherWorkCores", worst);
        result.put("quiet", worst < 0.15);
        result.put("note", worst < 0.15 ? "the machine was quiet: other work used < 0.15 cores in every phase"
                : String.format(Locale.ROOT, "the machine was busy: other work used up to %.2f of %s cores during the"
                + " measured phases, so the figures are only indicative", worst, machine.get("nproc")));
        return result;
    }

    private void print(Map<String, Object> figures, Optional<Double> c1, Optional<Double> c4,
                       Map<String, Object> noise) {
        Console.print("");
        Console.print("================================ License Manager benchmark ================================");
        Console.print(String.format(Locale.ROOT, "commit %s (%s uncommitted changes), %s, %s cores, %.1f GiB, load avg"
                        + " %s -> %s, %s run", git.get("commit"), git.get("uncommittedChanges"), date,
                machine.get("nproc"), (Double) machine.get("memoryGiB"), loadAverage.get("atStart"),
                loadAverage.get("atEnd"), options.mode()));
        Console.print(String.format(Locale.ROOT, "PostgreSQL %s fsync=%s synchronous_commit=%s; %s; %s",
                infrastructure.get("postgresVersion"), infrastructure.get("fsync"),
                infrastructure.get("synchronous_commit"), infrastructure.get("kafka"), infrastructure.get("registry")));
        Console.print("");
        Console.print(String.format(Locale.ROOT, "%-34s %4s %9s %8s %10s %8s %8s %8s %6s %6s %6s", "phase", "inst",
                "offered/s", "requests", "results/s", "p50 ms", "p99 ms", "max ms", "once", "rej%", "unexp"));
        List<PhaseResult> all = new ArrayList<>(warmups.subList(0, Math.min(1, warmups.size())));
        all.addAll(phases);
        if (warmups.size() > 1) {
            all.add(all.size() - 1, warmups.get(1));
        }
        for (PhaseResult p : all) {
            Console.print(String.format(Locale.ROOT, "%-34s %4d %9s %8d %10.1f %8.1f %8.1f %8.1f %6s %6.1f %6d",
                    truncate(p.name(), 34), p.instances(), p.offeredRate() == null ? "max"
                            : String.format(Locale.ROOT, "%.1f", p.offeredRate()), p.requests(), p.throughput(),
                    p.latency().p50(), p.latency().p99(), p.latency().max(), p.exactlyOnce() ? "yes" : "NO",
                    p.answered() == 0 ? 0.0 : 100.0 * p.rejected() / p.answered(), p.unexpected()));
        }
        Console.print("");
        Console.print("baselines (same PostgreSQL, same broker, same run):");
        pgbench.forEach(r -> Console.print(String.format(Locale.ROOT,
                "  pgbench single-row UPDATE -c %d: %10.1f TPS", r.clients(), r.tps())));
        if (producerPerformance != null) {
            Console.print(String.format(Locale.ROOT, "  Kafka ProducerPerformance:       %10.1f records/s (%d x %d B,"
                            + " acks=all)", producerPerformance.recordsPerSecond(), producerPerformance.records(),
                    producerPerformance.recordSize()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> ratios = (Map<String, Object>) figures.get("ratios");
        Console.print(String.format(Locale.ROOT, "sustained throughput, 1 instance: %s results/s", num(
                figures.get("sustainedThroughput1Instance"))));
        Console.print(String.format(Locale.ROOT, "  ratio to pgbench -c 1: %s   to pgbench -c 4: %s   to ProducerPerformance: %s",
                num(ratios.get("throughputVsPgbenchC1")), num(ratios.get("throughputVsPgbenchC4")),
                num(ratios.get("throughputVsProducerPerformance"))));
        Console.print(String.format(Locale.ROOT, "sustained throughput, 2 instances: %s results/s, scaling ratio 2/1: %s",
                num(figures.get("sustainedThroughput2Instances")), num(figures.get("scalingRatio2To1"))));
        phase("max rate, 1 instance").ifPresent(this::printDiagnostics);
        Console.print("");
        Console.print("machine: " + noise.get("note"));
        Console.print("");
        Console.print("acceptance:");
        for (String key : List.of("throughput", "latency", "exactlyOnce")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> criterion = (Map<String, Object>) acceptance.get(key);
            Console.print(String.format(Locale.ROOT, "  [%s] %s%s", Boolean.TRUE.equals(criterion.get("pass"))
                            ? "PASS" : "FAIL", criterion.get("criterion"), criterion.containsKey("value")
                            ? String.format(Locale.ROOT, ": %s (threshold %s)", num(criterion.get("value")),
                            num(criterion.get("threshold"))) : String.format(Locale.ROOT, ": %s requests, %s missing,"
                                    + " %s duplicate results", criterion.get("requests"), criterion.get("missing"),
                            criterion.get("duplicateResults"))));
        }
        if (error != null) {
            Console.print("  run FAILED: " + error);
        }
        Console.print("===========================================================================================");
    }

    @SuppressWarnings("unchecked")
    private void printDiagnostics(PhaseResult max1) {
        Console.print("");
        Console.print("where the time goes (max rate, 1 instance):");
        Map<String, Object> cpu = (Map<String, Object>) max1.extra().get("cpu");
        if (cpu != null) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  CPU: machine %s of %s cores busy;",
                    num(cpu.get("machineBusyCores")), num(cpu.get("machineCores"))));
            ((Map<String, Object>) cpu.get("components")).forEach((name, value) -> {
                Map<String, Object> c = (Map<String, Object>) value;
                line.append(String.format(Locale.ROOT, " %s %s cores%s;", name, num(c.get("cores")),
                        c.containsKey("cpuMsPerRequest") ? " (" + num(c.get("cpuMsPerRequest")) + " ms/request)" : ""));
            });
            Console.print(line.toString());
        }
        Map<String, Object> service = (Map<String, Object>) max1.extra().get("service");
        Map<String, Object> db = (Map<String, Object>) max1.extra().get("database");
        Map<String, Object> statements = (Map<String, Object>) max1.extra().get("pgStatStatements");
        if (service != null && db != null) {
            Console.print(String.format(Locale.ROOT, "  service: %s requests per batch, %s ms per batch, %s ms of"
                            + " listener time per request, listener threads %s busy; PostgreSQL: %s commits and %s WAL"
                            + " flushes per request, %s deadlocks%s", num(service.get("meanRequestsPerBatch")),
                    num(service.get("meanBatchMs")), num(service.get("batchMsPerRequest")),
                    num(service.get("listenerThreadsBusyFraction")), num(db.get("commitsPerRequest")),
                    num(db.get("walSyncsPerRequest")), db.get("deadlocks"), statements == null ? "" : String.format(Locale.ROOT,
                            ", %s statements (%s ms execution) per request", num(statements.get("statementsPerRequest")),
                            num(statements.get("statementMsPerRequest")))));
        }
        Map<String, Object> states = (Map<String, Object>) max1.extra().get("threadStates");
        if (states != null) {
            ((Map<String, Object>) states.get("threads")).forEach((group, shares) ->
                    Console.print("  " + group + " (wall-clock, % of thread dumps): " + shares));
        }
        Map<String, Object> profile = (Map<String, Object>) max1.extra().get("cpuProfile");
        if (profile != null && profile.containsKey("cpuSharePercentByLibrary")) {
            Console.print("  service CPU by library (% of JFR samples): " + profile.get("cpuSharePercentByLibrary"));
            Console.print("  service CPU by innermost project method (%): "
                    + profile.get("cpuSharePercentByInnermostProjectMethod"));
        }
    }

    private String shortCommit() {
        String commit = String.valueOf(git.get("commit"));
        return commit.length() > 10 ? commit.substring(0, 10) : commit;
    }

    private static String num(Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3f", d);
        }
        return value.toString();
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    private static double memoryGiB() {
        String line = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String firstMatch(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String command(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor();
            return process.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
