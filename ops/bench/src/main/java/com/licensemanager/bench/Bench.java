package com.licensemanager.bench;

import com.licensemanager.bench.baseline.PgBench;
import com.licensemanager.bench.baseline.ProducerPerf;
import com.licensemanager.bench.echo.EchoProcess;
import com.licensemanager.bench.echo.KafkaEcho;
import com.licensemanager.bench.load.PlannedRequest;
import com.licensemanager.bench.load.Publisher;
import com.licensemanager.bench.load.Seeder;
import com.licensemanager.bench.load.Workload;
import com.licensemanager.bench.measure.CompilerThreads;
import com.licensemanager.bench.measure.CpuAccounting;
import com.licensemanager.bench.measure.DatabaseProbe;
import com.licensemanager.bench.measure.JfrProfile;
import com.licensemanager.bench.measure.PhaseRecorder;
import com.licensemanager.bench.measure.PhaseResult;
import com.licensemanager.bench.measure.RecordSizes;
import com.licensemanager.bench.measure.ResultCollector;
import com.licensemanager.bench.measure.ServiceMetrics;
import com.licensemanager.bench.measure.ThreadSampler;
import com.licensemanager.bench.report.Report;
import com.licensemanager.harness.Console;
import com.licensemanager.harness.ServiceInstance;
import com.licensemanager.localstack.DurablePostgresServer;
import com.licensemanager.localstack.KafkaBrokerProcess;
import com.licensemanager.localstack.Processes;
import com.licensemanager.localstack.SchemaRegistryProcess;
import com.licensemanager.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end benchmark of the License Manager on one machine (ops/bench/run.sh). In one run:
 * <ol>
 * <li>starts a durable PostgreSQL, the Kafka broker (own JVM) and Apicurio Registry;</li>
 * <li>measures the machine's baselines against them: pgbench single-row UPDATE at {@code -c 1} and {@code -c 4},
 *     Kafka's ProducerPerformance, and the Kafka echo ({@link EchoProcess}): the same driver publishing the same
 *     requests as fast as possible to a trivial consume → produce of the service's shape, the transport's ceiling
 *     in requests per second and CPU per request;</li>
 * <li>starts one service instance (the deployable jar, own JVM), seeds accounts, balances and units through the
 *     service's real inputs, then publishes a realistic mix of license requests as fast as possible (sustained
 *     throughput: first request published to last result consumed) and at fixed fractions of that rate (10 % for
 *     a lightly loaded service's latency, 25/50/75 %);</li>
 * <li>starts a second instance in the same consumer group and repeats the max-rate phase (scaling);</li>
 * <li>stops the service and runs the Kafka echo once more, open loop at the offered rate of the service's 10 % phase:
 *     the transport's floor at the rate the light-load latency criterion is judged on;</li>
 * <li>checks that every request got exactly one result, writes summary.json and latency.png.</li>
 * </ol>
 */
public final class Bench {

    static final String REQUESTS_GROUP = "license-manager.license-requests";
    /**
     * The bench's own PostgreSQL settings on top of local-stack's: planning time in pg_stat_statements, to see whether
     * statements the driver does not prepare on the server spend PostgreSQL's CPU in planning (at light load its CPU per
     * request was about 2.6 x the statements' execution time).
     */
    static final List<String> POSTGRES_SETTINGS = List.of("pg_stat_statements.track_planning = on");
    /** The unmeasured seconds at the rate before the echo's phase at the service's light-load rate. */
    private static final int ECHO_RATE_WARMUP_SECONDS = 5;
    private static final java.util.logging.Logger APICURIO_LOGGER = java.util.logging.Logger.getLogger("io.apicurio");

    private final BenchOptions options;
    private final Path logs;
    private final Report report;
    private final String runId;

    private DurablePostgresServer postgres;
    private KafkaBrokerProcess broker;
    private SchemaRegistryProcess registry;
    private final List<ServiceInstance> instances = new ArrayList<>();
    private DatabaseProbe database;
    private ResultCollector collector;
    private Publisher fastPublisher;
    private Publisher pacedPublisher;
    private Workload workload;
    private Seeder seeder;
    private EchoProcess echo;
    private ResultCollector echoCollector;
    private final CpuAccounting cpu = new CpuAccounting();

    private Bench(BenchOptions options) {
        this.options = options;
        this.logs = options.resultsDir().resolve("logs");
        this.runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        this.report = new Report(options, logs);
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parse(args);
        // the Apicurio client warns on stderr (java.util.logging) that it uses a shared Vert.x instance: harmless here
        APICURIO_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        try {
            Files.createDirectories(options.resultsDir().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Console.writeAlsoTo(options.resultsDir().resolve("console.log"));
        int status = new Bench(options).run();
        System.exit(status);
    }

    private int run() {
        Console.say("License Manager end-to-end benchmark, %s", options);
        Console.say("results in %s", options.resultsDir());
        report.describeRun();
        int status = 0;
        try (Processes processes = new Processes(logs.resolve("watchdog.log"), line -> Console.say("%s", line))) {
            try {
                measure(processes);
            } catch (RuntimeException e) {
                status = 1;
                report.failed(e);
                Console.say("FAILED: %s", e);
                e.printStackTrace(System.out);
            } finally {
                closeClients();
                report.recordLoadAverage("atEnd");
            }
        }
        report.write(options.resultsDir());
        return status != 0 ? status : report.passed() ? 0 : 2;
    }

    private void measure(Processes processes) {
        // -- infrastructure, in parallel: PostgreSQL, Kafka, registry
        CompletableFuture<DurablePostgresServer> pg = CompletableFuture.supplyAsync(() -> DurablePostgresServer.start(
                processes, options.pgBin(), options.tempRoot(), logs, POSTGRES_SETTINGS));
        CompletableFuture<KafkaBrokerProcess> kafka = CompletableFuture.supplyAsync(() -> KafkaBrokerProcess.start(
                processes, options.javaHome().resolve("bin/java"), options.kafkaLibs(), options.tempRoot(), logs,
                options.kafkaHeap()));
        CompletableFuture<SchemaRegistryProcess> schemaRegistry = CompletableFuture.supplyAsync(
                () -> SchemaRegistryProcess.launch(processes, logs));
        postgres = pg.join();
        broker = kafka.join();
        registry = schemaRegistry.join();
        report.infrastructure(Map.of("postgresVersion", postgres.version(), "fsync", postgres.setting("fsync"),
                "synchronous_commit", postgres.setting("synchronous_commit"),
                "full_page_writes", postgres.setting("full_page_writes"),
                "wal_sync_method", postgres.setting("wal_sync_method"),
                "shared_buffers", postgres.setting("shared_buffers"),
                "kafka", "4.1.2 (KRaft combined, own JVM, heap " + options.kafkaHeap() + ")",
                "registry", "Apicurio Registry 3.3.3 (child process, in-memory storage)"));

        // -- the machine's baselines, against the same server and broker, before any service runs
        PgBench pgbench = new PgBench(postgres, logs);
        pgbench.initialise();
        report.pgbench(pgbench.run(1, options.pgbenchSeconds()));
        report.pgbench(pgbench.run(4, options.pgbenchSeconds()));
        report.producerPerformance(new ProducerPerf(broker, logs).run(options.producerRecords(),
                options.producerRecordSize()));
        fastPublisher = new Publisher(broker.bootstrapServers(), registry.registryApiUrl(), 5);
        pacedPublisher = new Publisher(broker.bootstrapServers(), registry.registryApiUrl(), 0);
        cpu.add(CpuAccounting.SERVICE, () -> instances.stream().map(ServiceInstance::pid).toList(), false, false);
        cpu.add(CpuAccounting.POSTGRES, postgres::postmasterPid, true, true);
        cpu.add(CpuAccounting.BROKER, () -> List.of(broker.pid()), false, false);
        cpu.add(CpuAccounting.REGISTRY, () -> List.of(registry.pid()), false, false);
        cpu.add(CpuAccounting.DRIVER, () -> List.of(ProcessHandle.current().pid()), false, true);
        cpu.add(CpuAccounting.ECHO, () -> echo == null || !echo.isAlive() ? List.of() : List.of(echo.pid()), false,
                false);

        // -- the transport's ceiling: the Kafka echo, same driver, same request mix, before any service runs
        echoBaseline(processes);

        // -- one service instance, seeded
        Path signingKeys = options.resultsDir().resolve("work/signing-keys");
        instances.add(startInstance(processes, 1, signingKeys));
        awaitRequestConsumers(1);
        database = new DatabaseProbe(postgres.jdbcUrl(), postgres.username(), postgres.password());
        collector = new ResultCollector(broker.bootstrapServers(), registry.registryApiUrl());
        workload = new Workload(runId, options.accounts(), options.seed());
        seeder = new Seeder(runId, workload, fastPublisher, collector, database);
        seeder.accountsAndBalances();

        // -- max rate, 1 instance (after a warm-up), profiled
        report.warmup(phase("warm-up, 1 instance", "warm1", options.warmupRequests(), null, false));
        PhaseResult max1 = phase("max rate, 1 instance", "max1", options.maxRequests(), null, true);
        report.phase(max1);
        double max = max1.throughput();
        if (max <= 0) {
            throw new IllegalStateException("the max-rate phase produced no results");
        }

        // -- fixed rates at fractions of the maximum found (10 %: a lightly loaded service's latency)
        PhaseResult echoedPhase = null;
        for (int percent : options.ratePercents()) {
            double rate = max * percent / 100.0;
            PhaseResult result = phase(String.format(Locale.ROOT, "%d %% of max (%.0f/s), 1 instance", percent, rate),
                    "rate" + percent, requestsAt(rate), rate, percent == options.profiledRatePercent());
            report.phase(result);
            if (percent == options.echoAtServiceRatePercent()) {
                echoedPhase = result;
            }
        }

        // -- scaling: a second instance in the same consumer group
        if (options.scaling()) {
            instances.add(startInstance(processes, 2, signingKeys));
            awaitRequestConsumers(2);
            report.warmup(phase("warm-up, 2 instances", "warm2", options.warmupRequests(), null, false));
            report.phase(phase("max rate, 2 instances", "max2", options.maxRequests(), null, false));
        }
        report.database(Map.of("unitsShipped", workload.unitsShipped(),
                "rowsAtEnd", Map.of("inbox", database.count("select count(*) from inbox"),
                        "request_result", database.count("select count(*) from request_result"),
                        "unit_license", database.count("select count(*) from unit_license"),
                        "license_file", database.count("select count(*) from license_file")),
                "databaseSizeMB", database.count("select pg_database_size(current_database()) / 1048576")));
        report.collector(Map.of("resultsConsumed", collector.resultsSeen(), "foreignResults",
                collector.foreignResults()));
        report.serviceRecordSizes(RecordSizes.meanValueBytes(broker.bootstrapServers(),
                List.of(Topics.LICENSE_RESULTS, Topics.UNITS, Topics.BALANCES), 3000));
        for (ServiceInstance instance : instances) {
            writeText(logs.resolve(instance.name() + "-prometheus-at-end.txt"), instance.prometheus());
        }

        // -- the transport's floor at the service's light-load rate, the service stopped
        if (echoedPhase != null) {
            echoAtServiceRate(processes, echoedPhase);
        }
    }

    /**
     * The Kafka echo once more, after every service phase and with the service instances stopped, open loop at exactly
     * the offered rate of {@code servicePhase} (the 10 % criterion's phase), for as long: what the transport alone
     * costs in latency and CPU at the very rate the service's light-load latency is judged on, on the machine as it is
     * late in the run. A fresh echo JVM, so first an unmeasured burst as fast as possible and a few seconds at the rate.
     */
    private void echoAtServiceRate(Processes processes, PhaseResult servicePhase) {
        for (ServiceInstance instance : instances) {
            instance.stop();
        }
        instances.clear();
        double rate = servicePhase.offeredRate();
        echo = EchoProcess.start(processes, options.javaHome(), broker, registry.registryApiUrl(),
                options.echoResultBytes(), options.echoStateBytes(), options.requestConcurrency(), logs);
        awaitGroup(KafkaEcho.GROUP, options.requestConcurrency(), options.requestConcurrency(), echo::requireAlive);
        // only what this echo answers: the earlier echo phases' results stay unread
        echoCollector = new ResultCollector(broker.bootstrapServers(), registry.registryApiUrl(), EchoProcess.RESULTS,
                List.of(), "bench-echo-collector-2", true);
        Workload echoWorkload = new Workload(runId, options.accounts(), options.seed());
        try {
            report.warmup(echoPhase("warm-up, Kafka echo again", "echo-again-warm", options.echoWarmupRequests(),
                    null, echoWorkload));
            report.warmup(echoPhase(String.format(Locale.ROOT, "warm-up, Kafka echo at %.0f/s", rate),
                    "echo-again-warm-rate", (int) Math.max(50, Math.round(rate * ECHO_RATE_WARMUP_SECONDS)), rate,
                    echoWorkload));
            report.echoAtServiceRate(echoPhase(String.format(Locale.ROOT, "Kafka echo at the service's %.0f/s", rate),
                    "echo-service-rate", servicePhase.requests(), rate, echoWorkload), servicePhase);
        } finally {
            echoCollector.close();
            echoCollector = null;
            echo.stop();
        }
    }

    /**
     * The Kafka echo in its own JVM, a warm-up and a max-rate phase through the same publisher and collector code as
     * the service's phases, on the echo's own topics; then the echo is stopped so it costs nothing later.
     */
    private void echoBaseline(Processes processes) {
        echo = EchoProcess.start(processes, options.javaHome(), broker, registry.registryApiUrl(),
                options.echoResultBytes(), options.echoStateBytes(), options.requestConcurrency(), logs);
        awaitGroup(KafkaEcho.GROUP, options.requestConcurrency(), options.requestConcurrency(), echo::requireAlive);
        echoCollector = new ResultCollector(broker.bootstrapServers(), registry.registryApiUrl(), EchoProcess.RESULTS,
                List.of(), "bench-echo-collector");
        // a workload of its own (same seed, same mix): the service's model never learns of units nobody shipped
        Workload echoWorkload = new Workload(runId, options.accounts(), options.seed());
        try {
            for (boolean warmup : new boolean[] {true, false}) {
                PhaseResult result = echoPhase(warmup ? "warm-up, Kafka echo" : PhaseResult.ECHO_MAX,
                        warmup ? "echo-warm" : "echo-max",
                        warmup ? options.echoWarmupRequests() : options.echoRequests(), null, echoWorkload);
                if (warmup) {
                    report.warmup(result);
                } else {
                    report.echo(result);
                }
            }
            lightEcho(echoWorkload);
        } finally {
            echoCollector.close();
            echoCollector = null;
            echo.stop();
        }
    }

    /**
     * The echo at the lightest fixed rate's share of its own maximum: what the transport alone costs, in latency and in
     * CPU, at "10 % of the max", the same driver paced the same way. The service's light-load latency is read
     * against it.
     */
    private void lightEcho(Workload echoWorkload) {
        int percent = options.lightestRatePercent();
        if (percent <= 0 || report.echoThroughput() <= 0) {
            return;
        }
        double rate = report.echoThroughput() * percent / 100.0;
        report.echoAtLightRate(echoPhase(String.format(Locale.ROOT, "Kafka echo at %d %% of its max (%.0f/s)",
                percent, rate), "echo-rate" + percent, requestsAt(rate), rate, echoWorkload));
    }

    /** One phase through the echo: as fast as possible ({@code rate} null) or open loop at {@code rate}. */
    private PhaseResult echoPhase(String name, String slug, int requests, Double rate, Workload echoWorkload) {
        String prefix = runId + "-" + slug + "-";
        PhaseRecorder recorder = new PhaseRecorder(name, prefix, echoWorkload.plan(prefix, requests), false);
        echoCollector.register(recorder);
        Publisher.Prepared prepared = (rate == null ? fastPublisher : pacedPublisher)
                .prepare(EchoProcess.REQUESTS, recorder.plan());
        return measured(recorder, prepared, slug, rate, () -> {
            echoCollector.checkHealthy();
            echo.requireAlive();
        });
    }

    /** A fixed-rate phase's requests: the phase's duration at that rate, at least 50. */
    private int requestsAt(double rate) {
        return (int) Math.max(50, Math.round(rate * options.phaseSeconds()));
    }

    private ServiceInstance startInstance(Processes processes, int number, Path signingKeys) {
        return ServiceInstance.start(processes, number, options.javaHome(), options.jar(),
                options.serviceJvmOptions(), broker.bootstrapServers(), postgres, registry, signingKeys, logs,
                options.serviceArguments());
    }

    /** One phase: plan, seed what it needs, measure, and attach the service's and the database's view of it. */
    private PhaseResult phase(String name, String slug, int requests, Double ratePerSecond, boolean profile) {
        seeder.keysFor(Workload.keysWanted(requests));
        String prefix = runId + "-" + slug + "-";
        List<PlannedRequest> plan = workload.plan(prefix, requests);
        seeder.shipPlannedUnits();
        database.awaitOutboxEmpty(Duration.ofSeconds(options.stallSeconds()));
        requireInstancesAlive();

        PhaseRecorder recorder = new PhaseRecorder(name, prefix, plan);
        collector.register(recorder);
        Publisher.Prepared prepared = (ratePerSecond == null ? fastPublisher : pacedPublisher)
                .prepare(Topics.LICENSE_REQUESTS, plan);
        List<ServiceMetrics> metricsBefore = scrapeAll();
        List<Map<Long, Double>> compilersBefore = compilerThreads();
        DatabaseProbe.Counters countersBefore = database.counters();
        ThreadSampler sampler = null;
        JfrProfile jfr = null;
        if (profile) {
            database.resetStatements();
            sampler = new ThreadSampler(instances.get(0), options.sampleIntervalMillis(),
                    logs.resolve("thread-dumps-" + slug + ".txt"));
            jfr = JfrProfile.start(instances.get(0), options.javaHome(),
                    logs.resolve(instances.get(0).name() + "-" + slug + ".jfr"));
        }
        // every phase's statements and planning from pg_stat_statements' totals (no reset: also for the phases a
        // latency criterion is judged on, which get no profiler)
        DatabaseProbe.StatementTotals statementsBefore = database.statementTotals();
        PhaseResult result;
        try {
            result = measured(recorder, prepared, slug, ratePerSecond, () -> {
                collector.checkHealthy();
                requireInstancesAlive();
            });
        } finally {
            if (sampler != null) {
                sampler.close();
            }
        }
        List<ServiceMetrics> metricsAfter = scrapeAll();
        List<Map<Long, Double>> compilersAfter = compilerThreads();
        DatabaseProbe.Counters countersAfter = database.counters();
        Map<String, Object> service = ServiceMetrics.delta(metricsBefore, metricsAfter, requests, result.seconds(),
                options.requestConcurrency() * instances.size());
        service.putAll(CompilerThreads.delta(compilersBefore, compilersAfter, result.seconds(),
                ((Number) service.get("serviceCpuSeconds")).doubleValue()));
        result.extra().put("service", service);
        result.extra().put("database", countersAfter.perRequestSince(countersBefore, requests));
        result.extra().put("statements", database.statementTotals().since(statementsBefore).perRequest(requests));
        if (profile) {
            Map<String, Object> statements = database.statementTotals().perRequest(requests);
            statements.put("top", database.topStatements(15));
            result.extra().put("pgStatStatements", statements);
            result.extra().put("threadStates", sampler.profile());
            result.extra().put("cpuProfile", jfr.stop());
        }
        return result;
    }

    /**
     * The measured part of a phase, the same for the echo and the service: publish the prepared requests (as fast as
     * possible, or open loop at {@code ratePerSecond}), wait for every answer, and account the CPU of every process.
     */
    private PhaseResult measured(PhaseRecorder recorder, Publisher.Prepared prepared, String slug,
                                 Double ratePerSecond, Runnable healthCheck) {
        String name = recorder.name();
        int requests = recorder.size();
        Console.say("phase '%s': %d requests %s", name, requests, ratePerSecond == null ? "as fast as possible"
                : String.format(Locale.ROOT, "at %.1f/s (open loop)", ratePerSecond));
        CpuAccounting.Snapshot cpuBefore = cpu.snapshot();
        long started = System.nanoTime();
        if (ratePerSecond == null) {
            fastPublisher.publishAsFastAsPossible(recorder, prepared);
        } else {
            pacedPublisher.publishAtRate(recorder, prepared, ratePerSecond);
        }
        boolean complete = recorder.awaitAll(Duration.ofSeconds(options.stallSeconds()), healthCheck);
        double wall = (System.nanoTime() - started) / 1e9;
        CpuAccounting.Snapshot cpuAfter = cpu.snapshot();
        if (!complete) {
            Console.say("phase '%s': only %d of %d requests answered; no result for %d s", name,
                    recorder.answered(), requests, options.stallSeconds());
        }
        PhaseResult result = recorder.summarize(instances.size(), ratePerSecond);
        recorder.writeCsv(logs.resolve("latencies-" + slug + ".csv"));
        result.extra().put("cpu", CpuAccounting.delta(cpuBefore, cpuAfter, requests));
        Console.say("phase '%s': %d/%d answered in %.1f s: %.0f results/s, latency p50 %.0f ms, p99 %.0f ms,"
                        + " max %.0f ms; exactly once: %s; unexpected outcomes: %d (wall %.1f s)", name,
                result.answered(), requests, result.seconds(), result.throughput(), result.latency().p50(),
                result.latency().p99(), result.latency().max(), result.exactlyOnce() ? "yes" : "NO",
                result.unexpected(), wall);
        return result;
    }

    private List<ServiceMetrics> scrapeAll() {
        return instances.stream().map(i -> ServiceMetrics.parse(i.prometheus())).toList();
    }

    private List<Map<Long, Double>> compilerThreads() {
        return instances.stream().map(i -> CompilerThreads.cpuSeconds(i.pid())).toList();
    }

    private void requireInstancesAlive() {
        for (ServiceInstance instance : instances) {
            if (!instance.isAlive()) {
                throw new IllegalStateException(instance.name() + " died; see " + logs.resolve(instance.name() + ".log"));
            }
        }
    }

    /** Waits until the request consumer group is stable with every consumer thread of every instance in it. */
    private void awaitRequestConsumers(int instanceCount) {
        int expected = instanceCount * options.requestConcurrency();
        awaitGroup(REQUESTS_GROUP, expected, Math.min(expected, 6), this::requireInstancesAlive);
    }

    /** Waits until {@code group} is stable with {@code members} members, {@code assigned} of them with partitions. */
    private void awaitGroup(String group, int members, int assigned, Runnable aliveCheck) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String last = "not described yet";
        try (Admin admin = broker.admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                            .describedGroups().get(group).get(10, TimeUnit.SECONDS);
                    long withPartitions = description.members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                    last = description.groupState() + " with " + description.members().size() + " members, "
                            + withPartitions + " assigned";
                    if (description.groupState() == GroupState.STABLE && description.members().size() == members
                            && withPartitions == assigned) {
                        Console.say("consumer group %s: %s", group, last);
                        return;
                    }
                } catch (Exception e) {
                    last = e.toString();
                }
                aliveCheck.run();
                sleep(500);
            }
        }
        throw new IllegalStateException("consumer group " + group + " did not settle with " + members
                + " members: " + last);
    }

    private void closeClients() {
        for (AutoCloseable closeable : new AutoCloseable[] {fastPublisher, pacedPublisher, collector, echoCollector,
                database}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
        }
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
