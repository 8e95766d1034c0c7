package com.licensemanager.bench.report;

import com.licensemanager.harness.Json;
import com.licensemanager.bench.BenchOptions;
import com.licensemanager.harness.Console;
import com.licensemanager.bench.baseline.PgBench;
import com.licensemanager.bench.baseline.ProducerPerf;
import com.licensemanager.bench.measure.CpuAccounting;
import com.licensemanager.bench.measure.LatencyStats;
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
    private PhaseResult echo;
    private PhaseResult echoAtLightRate;
    private PhaseResult echoAtServiceRate;
    private PhaseResult echoedServicePhase;
    private Map<String, Object> serviceRecordSizes = Map.of();
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

    /** The Kafka echo's max-rate phase: the transport's ceiling of this run. */
    public void echo(PhaseResult result) {
        echo = result;
    }

    /** The echo's max rate, 0 before it ran. */
    public double echoThroughput() {
        return echo == null ? 0 : echo.throughput();
    }

    /** The Kafka echo at the lightest fixed rate's share of its own max: the transport's own light-load latency. */
    public void echoAtLightRate(PhaseResult result) {
        echoAtLightRate = result;
    }

    /**
     * The Kafka echo after the service's phases, at the offered rate of {@code servicePhase} (the 10 % criterion's):
     * the transport's floor at the very rate the light-load latency is judged on.
     */
    public void echoAtServiceRate(PhaseResult result, PhaseResult servicePhase) {
        echoAtServiceRate = result;
        echoedServicePhase = servicePhase;
    }

    public void serviceRecordSizes(Map<String, Object> sizes) {
        serviceRecordSizes = sizes;
    }

    /** Every phase that went through the service: warm-ups and measured phases (not the echo's). */
    private List<PhaseResult> servicePhases() {
        List<PhaseResult> all = new ArrayList<>(warmups.stream().filter(p -> !p.name().contains("echo")).toList());
        all.addAll(phases);
        return all;
    }

    /** CPU ms per request by process: the echo's phase and the service's max-rate phase side by side. */
    private Map<String, Object> cpuPerRequest(Optional<PhaseResult> max1) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String component : List.of(CpuAccounting.SERVICE, CpuAccounting.ECHO, CpuAccounting.POSTGRES,
                CpuAccounting.BROKER, CpuAccounting.REGISTRY, CpuAccounting.DRIVER)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kafkaEcho", echo == null ? null : echo.cpuMsPerRequest(component));
            row.put("serviceMaxRate", max1.map(p -> p.cpuMsPerRequest(component)).orElse(null));
            map.put(component, row);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("kafkaEcho", echo == null ? null : echo.cpuMsPerRequestAll());
        all.put("serviceMaxRate", max1.map(PhaseResult::cpuMsPerRequestAll).orElse(null));
        map.put("all processes", all);
        return map;
    }

    /**
     * Whether the load driver (publisher and collector, one JVM) is cheap enough to measure against: in the echo's
     * phase its CPU per request next to the echo process's own. A driver that costs more than the echo would make
     * the echo baseline a measure of the driver.
     */
    private Map<String, Object> driverCost(Optional<PhaseResult> max1) {
        Map<String, Object> map = new LinkedHashMap<>();
        Double driver = echo == null ? null : echo.cpuMsPerRequest(CpuAccounting.DRIVER);
        Double echoProcess = echo == null ? null : echo.cpuMsPerRequest(CpuAccounting.ECHO);
        map.put("driverMsPerRequestInEchoPhase", driver);
        map.put("echoProcessMsPerRequest", echoProcess);
        map.put("driverToEchoProcess", ratio(driver, echoProcess));
        map.put("driverMsPerRequestAtServiceMax", max1.map(p -> p.cpuMsPerRequest(CpuAccounting.DRIVER)).orElse(null));
        map.put("driverDominates", driver != null && echoProcess != null && driver > echoProcess);
        return map;
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
        Optional<PhaseResult> tenth = phase("10 %");
        Optional<Double> c1 = pgbenchTps(1);
        Optional<Double> c4 = pgbenchTps(4);

        Map<String, Object> figures = new LinkedHashMap<>();
        Double ours = max1.map(PhaseResult::throughput).orElse(null);
        Double echoRate = echo == null ? null : echo.throughput();
        figures.put("sustainedThroughput1Instance", ours);
        figures.put("sustainedThroughput2Instances", max2.map(PhaseResult::throughput).orElse(null));
        figures.put("scalingRatio2To1", ratio(max2.map(PhaseResult::throughput).orElse(null), ours));
        figures.put("kafkaEchoThroughput", echoRate);
        figures.put("p50AtTenthMaxMs", tenth.map(p -> p.latency().p50()).orElse(null));
        figures.put("p99AtTenthMaxMs", tenth.map(p -> p.latency().p99()).orElse(null));
        figures.put("p99AtHalfMaxMs", half.map(p -> p.latency().p99()).orElse(null));
        if (echoAtLightRate != null) {
            figures.put("echoAtLightRate", Map.of("name", echoAtLightRate.name(),
                    "offeredPerSecond", echoAtLightRate.offeredRate(), "p50Ms", echoAtLightRate.latency().p50(),
                    "p99Ms", echoAtLightRate.latency().p99(), "cpu", echoAtLightRate.extra().get("cpu")));
        }
        if (echoAtServiceRate != null) {
            figures.put("echoAtServiceLightRate", echoAtServiceRateFigures());
        }
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughputVsKafkaEcho", ratio(ours, echoRate));
        ratios.put("throughputVsPgbenchC1", ratio(ours, c1.orElse(null)));
        ratios.put("throughputVsPgbenchC4", ratio(ours, c4.orElse(null)));
        ratios.put("throughputVsProducerPerformance",
                ratio(ours, producerPerformance == null ? null : producerPerformance.recordsPerSecond()));
        figures.put("ratios", ratios);
        figures.put("cpuPerRequest", cpuPerRequest(max1));
        figures.put("driver", driverCost(max1));
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("echoResult", echo == null ? null : echo.extra().get("meanResultValueBytes"));
        sizes.put("echoState", options.echoStateBytes());
        sizes.put("serviceResultAtMax", max1.map(p -> p.extra().get("meanResultValueBytes")).orElse(null));
        sizes.put("serviceLatestRecords", serviceRecordSizes);
        figures.put("recordValueBytes", sizes);

        acceptance = Acceptance.evaluate(echo, max1, tenth, half, servicePhases(), error);
        if (echoAtServiceRate != null) {
            Acceptance.addEchoContext(acceptance, echoAtServiceRate, echoedServicePhase);
        }
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
        if (echo != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", "trivial consume -> produce in its own JVM (ops/bench KafkaEcho): per request one result and"
                    + " one state record, acks=all, 500-record polls, 2 consumer threads, topics of 6 partitions, state"
                    + " topic compacted; the same publisher and collector as the service's phases");
            m.put("throughputPerSecond", echo.throughput());
            m.put("cpuMsPerRequestAllProcesses", echo.cpuMsPerRequestAll());
            m.put("phase", echo.toMap());
            baselines.put("kafkaEcho", m);
        }
        if (echoAtServiceRate != null) {
            baselines.put("kafkaEchoAtServiceLightRate", echoAtServiceRate.toMap());
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
        if (echo != null && echo.throughput() > 0) {
            double target = echo.throughput() * Acceptance.THROUGHPUT_VS_ECHO;
            if (target <= widest * 3) {
                references.add(new LatencyPlot.Reference(String.format(Locale.ROOT,
                        "%.2f x Kafka echo (throughput target)", Acceptance.THROUGHPUT_VS_ECHO), target,
                        new Color(0xd62728)));
            } else {
                offScale.add(String.format(Locale.ROOT, "%.2f x Kafka echo = %.0f/s (target, off scale)",
                        Acceptance.THROUGHPUT_VS_ECHO, target));
            }
            offScale.add(String.format(Locale.ROOT, "Kafka echo = %.0f requests/s", echo.throughput()));
        }
        c4.ifPresent(v -> {
            if (v <= widest * 3) {
                references.add(new LatencyPlot.Reference("pgbench -c 4 (context)", v, new Color(0x2ca02c)));
            } else {
                offScale.add(String.format(Locale.ROOT, "pgbench -c 4 = %.0f TPS (context, off scale)", v));
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
                Acceptance.P99_AT_HALF_MS);
    }

    /**
     * How much CPU other work on the machine took during the measured phases (from {@code /proc/stat} minus the
     * CPU of every process of the benchmark): on a shared machine the figures are only indicative.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> noise() {
        Map<String, Object> map = new LinkedHashMap<>();
        double worst = 0;
        List<PhaseResult> measured = new ArrayList<>();
        if (echo != null) {
            measured.add(echo);
        }
        measured.addAll(phases);
        for (PhaseResult p : measured) {
            Map<String, Object> cpu = (Map<String, Object>) p.extra().get("cpu");
            if (cpu == null) {
                continue;
            }
            Map<String, Object> other = (Map<String, Object>) ((Map<String, Object>) cpu.get("components"))
                    .get(CpuAccounting.OTHER);
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
        List<PhaseResult> all = new ArrayList<>();
        if (echo != null) {
            all.add(echo);
        }
        if (echoAtLightRate != null) {
            all.add(echoAtLightRate);
        }
        if (echoAtServiceRate != null) {
            all.add(echoAtServiceRate);
        }
        List<PhaseResult> serviceWarmups = warmups.stream().filter(p -> !p.name().contains("echo")).toList();
        all.addAll(serviceWarmups.subList(0, Math.min(1, serviceWarmups.size())));
        all.addAll(phases);
        if (serviceWarmups.size() > 1) {
            all.add(all.size() - 1, serviceWarmups.get(1));
        }
        for (PhaseResult p : all) {
            Console.print(String.format(Locale.ROOT, "%-34s %4d %9s %8d %10.1f %8.1f %8.1f %8.1f %6s %6.1f %6d",
                    truncate(p.name(), 34), p.instances(), p.offeredRate() == null ? "max"
                            : String.format(Locale.ROOT, "%.1f", p.offeredRate()), p.requests(), p.throughput(),
                    p.latency().p50(), p.latency().p99(), p.latency().max(), p.exactlyOnce() ? "yes" : "NO",
                    p.answered() == 0 ? 0.0 : 100.0 * p.rejected() / p.answered(), p.unexpected()));
        }
        Console.print("");
        Console.print("where the latency went, p50 / p99 ms (due -> decided in the batch -> sent by the relay -> consumed):");
        for (PhaseResult p : phases) {
            @SuppressWarnings("unchecked")
            Map<String, LatencyStats> split = (Map<String, LatencyStats>) p.extra().get("latencySplit");
            if (split == null || split.get("dueToDecided").count() == 0) {
                continue;
            }
            Console.print(String.format(Locale.ROOT, "  %-34s %8.1f / %-8.1f %8.1f / %-8.1f %8.1f / %-8.1f",
                    truncate(p.name(), 34), split.get("dueToDecided").p50(), split.get("dueToDecided").p99(),
                    split.get("decidedToSent").p50(), split.get("decidedToSent").p99(),
                    split.get("sentToConsumed").p50(), split.get("sentToConsumed").p99()));
        }
        Console.print("");
        Console.print("JIT compilation in the service, per phase (compilations' elapsed s and cores; compiler threads'"
                + " CPU s, cores, share of the service's CPU):");
        for (PhaseResult p : servicePhases()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> service = (Map<String, Object>) p.extra().get("service");
            if (service != null) {
                Console.print(String.format(Locale.ROOT, "  %-34s %8s s %8s cores   CPU %8s s %8s cores %8s",
                        truncate(p.name(), 34), num(service.get("jitCompileSeconds")),
                        num(service.get("jitCompileCores")), num(service.get("jitThreadsCpuSeconds")),
                        num(service.get("jitThreadsCores")), num(service.get("jitShareOfServiceCpu"))));
            }
        }
        Console.print("");
        Console.print("PostgreSQL statements per phase, per request (pg_stat_statements): statements, execution ms, plans,"
                + " planning ms:");
        for (PhaseResult p : servicePhases()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> statements = (Map<String, Object>) p.extra().get("statements");
            if (statements != null) {
                Console.print(String.format(Locale.ROOT, "  %-34s %8s %8s ms %8s %8s ms", truncate(p.name(), 34),
                        num(statements.get("statementsPerRequest")), num(statements.get("statementMsPerRequest")),
                        num(statements.get("plansPerRequest")), num(statements.get("planMsPerRequest"))));
            }
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
        if (echo != null) {
            Console.print(String.format(Locale.ROOT, "  Kafka echo (own JVM, same driver): %10.1f requests/s, CPU %s ms"
                            + " per request (broker %s, echo %s, driver %s)", echo.throughput(),
                    num(echo.cpuMsPerRequestAll()), num(echo.cpuMsPerRequest(CpuAccounting.BROKER)),
                    num(echo.cpuMsPerRequest(CpuAccounting.ECHO)), num(echo.cpuMsPerRequest(CpuAccounting.DRIVER))));
        }
        if (echoAtLightRate != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> lightCpu = (Map<String, Object>) echoAtLightRate.extra().get("cpu");
            Console.print(String.format(Locale.ROOT, "  %s: p50 %.1f ms, p99 %.1f ms, CPU %s ms per request, machine"
                            + " %s cores busy", echoAtLightRate.name(), echoAtLightRate.latency().p50(),
                    echoAtLightRate.latency().p99(), num(echoAtLightRate.cpuMsPerRequestAll()),
                    lightCpu == null ? "n/a" : num(lightCpu.get("machineBusyCores"))));
        }
        if (echoAtServiceRate != null) {
            Console.print(String.format(Locale.ROOT, "  %s (service stopped, after its phases): p50 %.1f ms, p99 %.1f"
                            + " ms, max %.1f ms, CPU %s ms per request, machine %s cores busy; the service's '%s': p50"
                            + " %.1f ms, p99 %.1f ms", echoAtServiceRate.name(), echoAtServiceRate.latency().p50(),
                    echoAtServiceRate.latency().p99(), echoAtServiceRate.latency().max(),
                    num(echoAtServiceRate.cpuMsPerRequestAll()), num(machineBusyCores(echoAtServiceRate)),
                    echoedServicePhase.name(), echoedServicePhase.latency().p50(), echoedServicePhase.latency().p99()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> driver = (Map<String, Object>) figures.get("driver");
        Console.print(String.format(Locale.ROOT, "  load driver (publisher + collector): %s ms per request in the echo's"
                        + " phase, %s x the echo process's own%s", num(driver.get("driverMsPerRequestInEchoPhase")),
                num(driver.get("driverToEchoProcess")), Boolean.TRUE.equals(driver.get("driverDominates"))
                        ? " (the driver costs more than the echo: the echo baseline is partly the driver's)" : ""));
        @SuppressWarnings("unchecked")
        Map<String, Object> ratios = (Map<String, Object>) figures.get("ratios");
        Console.print(String.format(Locale.ROOT, "sustained throughput, 1 instance: %s results/s", num(
                figures.get("sustainedThroughput1Instance"))));
        Console.print(String.format(Locale.ROOT, "  ratio to the Kafka echo: %s   context: to pgbench -c 1: %s, to"
                        + " pgbench -c 4: %s, to ProducerPerformance: %s", num(ratios.get("throughputVsKafkaEcho")),
                num(ratios.get("throughputVsPgbenchC1")), num(ratios.get("throughputVsPgbenchC4")),
                num(ratios.get("throughputVsProducerPerformance"))));
        Console.print(String.format(Locale.ROOT, "sustained throughput, 2 instances: %s results/s, scaling ratio 2/1: %s",
                num(figures.get("sustainedThroughput2Instances")), num(figures.get("scalingRatio2To1"))));
        phase("max rate, 1 instance").ifPresent(this::printDiagnostics);
        // The lightest fixed rate is profiled too, unless a criterion is judged on it (BenchOptions.profiledRatePercent):
        // where a lone request's time goes is another story than the max's.
        phases.stream().filter(p -> p.offeredRate() != null && p.extra().containsKey("cpuProfile")).findFirst()
                .ifPresent(this::printDiagnostics);
        Console.print("");
        Console.print("machine: " + noise.get("note"));
        Console.print("");
        Console.print("acceptance:");
        for (String key : Acceptance.KEYS) {
            @SuppressWarnings("unchecked")
            Map<String, Object> criterion = (Map<String, Object>) acceptance.get(key);
            String detail;
            if (key.equals("exactlyOnce")) {
                detail = String.format(Locale.ROOT, "%s requests, %s missing, %s duplicate results",
                        criterion.get("requests"), criterion.get("missing"), criterion.get("duplicateResults"));
            } else if (key.equals("latencyAtTenth")) {
                detail = String.format(Locale.ROOT, "p50 %s ms, p99 %s ms", num(criterion.get("p50")),
                        num(criterion.get("value")));
                @SuppressWarnings("unchecked")
                Map<String, Object> context = (Map<String, Object>) criterion.get(Acceptance.ECHO_CONTEXT);
                if (context != null) {
                    detail += String.format(Locale.ROOT, "; context, not judged: the Kafka echo alone at the same"
                                    + " %.0f/s: p50 %s ms, p99 %s ms", (Double) context.get("offeredPerSecond"),
                            num(context.get("p50Ms")), num(context.get("p99Ms")));
                }
            } else if (criterion.containsKey("ratioToEchoCpu")) {
                detail = String.format(Locale.ROOT, "%s ms (limit %s), %s x the echo's (limit %s)%s",
                        num(criterion.get("value")), num(criterion.get("threshold")),
                        num(criterion.get("ratioToEchoCpu")), num(criterion.get("ratioThreshold")),
                        criterion.get("passedBy") == null ? "" : "; met by the " + criterion.get("passedBy"));
            } else if (criterion.containsKey("ratioToEcho")) {
                detail = String.format(Locale.ROOT, "%s/s (threshold %s/s), %s x the echo's",
                        num(criterion.get("value")), num(criterion.get("threshold")),
                        num(criterion.get("ratioToEcho")));
            } else {
                detail = String.format(Locale.ROOT, "%s (threshold %s)", num(criterion.get("value")),
                        num(criterion.get("threshold")));
            }
            Console.print(String.format(Locale.ROOT, "  [%s] %s: %s%s", Acceptance.passed(criterion) ? "PASS" : "FAIL",
                    criterion.get("criterion"), detail, criterion.containsKey("note") ? " (" + criterion.get("note")
                            + ")" : ""));
        }
        if (error != null) {
            Console.print("  run FAILED: " + error);
        }
        Console.print("===========================================================================================");
    }

    private Map<String, Object> echoAtServiceRateFigures() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", echoAtServiceRate.name());
        map.put("what", "the Kafka echo alone, started again after every service phase with the service stopped, open"
                + " loop at the offered rate of the service's phase named here, for as many requests");
        map.put("servicePhase", echoedServicePhase.name());
        map.put("offeredPerSecond", echoAtServiceRate.offeredRate());
        map.put("requests", echoAtServiceRate.requests());
        map.put("answered", echoAtServiceRate.answered());
        map.put("exactlyOnce", echoAtServiceRate.exactlyOnce());
        map.put("p50Ms", echoAtServiceRate.latency().p50());
        map.put("p99Ms", echoAtServiceRate.latency().p99());
        map.put("maxMs", echoAtServiceRate.latency().max());
        map.put("servicePhaseP50Ms", echoedServicePhase.latency().p50());
        map.put("servicePhaseP99Ms", echoedServicePhase.latency().p99());
        map.put("cpuMsPerRequestAllProcesses", echoAtServiceRate.cpuMsPerRequestAll());
        map.put("cpu", echoAtServiceRate.extra().get("cpu"));
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Object machineBusyCores(PhaseResult phase) {
        Map<String, Object> cpu = (Map<String, Object>) phase.extra().get("cpu");
        return cpu == null ? null : cpu.get("machineBusyCores");
    }

    @SuppressWarnings("unchecked")
    private void printDiagnostics(PhaseResult max1) {
        Console.print("");
        Console.print("where the time goes (" + max1.name() + "):");
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
                            ", %s statements (%s ms execution) and %s plans (%s ms planning) per request",
                            num(statements.get("statementsPerRequest")), num(statements.get("statementMsPerRequest")),
                            num(statements.get("plansPerRequest")), num(statements.get("planMsPerRequest")))));
            Console.print(String.format(Locale.ROOT, "  JIT: compilations %s s elapsed (%s cores); compiler threads' CPU"
                            + " %s s (%s cores), %s of the service's CPU", num(service.get("jitCompileSeconds")),
                    num(service.get("jitCompileCores")), num(service.get("jitThreadsCpuSeconds")),
                    num(service.get("jitThreadsCores")), num(service.get("jitShareOfServiceCpu"))));
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
