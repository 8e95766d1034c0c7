package com.licensemanager.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's settings. {@code --quick} is the smoke preset (about 5 minutes); without it the full run. Every value
 * can be set on its own ({@code --name=value}); see {@link #usage()}.
 */
public record BenchOptions(boolean quick, Path repository, Path resultsDir, Path jar, Path kafkaLibs, Path pgBin,
                           Path tempRoot, Path javaHome, int accounts, int warmupRequests, int maxRequests,
                           int phaseSeconds, int pgbenchSeconds, long producerRecords, int producerRecordSize,
                           boolean scaling, List<String> serviceJvmOptions, List<String> serviceArguments,
                           int requestConcurrency, long seed, long sampleIntervalMillis, int stallSeconds,
                           String kafkaHeap, int echoWarmupRequests, int echoRequests, int echoResultBytes,
                           int echoStateBytes, List<Integer> ratePercents) {

    /**
     * The echo's record sizes: in a run of 445f6ef (summary.json, figures.recordValueBytes) the service's results
     * averaged 338 bytes, its unit states 493 and balance states 666; the echo's result gets the request's id and
     * account (about 20 bytes longer than its template's) on top of this.
     */
    static final int DEFAULT_ECHO_RESULT_BYTES = 320;
    static final int DEFAULT_ECHO_STATE_BYTES = 580;

    public static String usage() {
        return """
                ops/bench/run.sh [--quick] [--name=value ...]
                  --quick                    smoke preset (about 5 min): fewer requests, shorter phases
                  --accounts=N               portal accounts seeded (200)
                  --warmup-requests=N        unmeasured max-rate requests before each max-rate phase (quick 1500, full 5000)
                  --max-requests=N           requests of each max-rate phase (quick 6000, full 30000)
                  --rates=P,P,...            fixed-rate phases, in percent of the max rate (quick 10,50; full 10,25,50,75)
                  --phase-seconds=S          duration of each fixed-rate phase (quick 15, full 45)
                  --echo-requests=N          requests of the Kafka echo's max-rate phase (quick 60000, full 200000)
                  --echo-warmup-requests=N   unmeasured echo requests before it (quick 20000, full 50000)
                  --echo-result-bytes=B      size of the echo's result record value (%d, like the service's LicenseResult)
                  --echo-state-bytes=B       size of the echo's state record value (%d, like the service's UnitState)
                  --pgbench-seconds=S        duration of each pgbench run (quick 10, full 30)
                  --producer-records=N       records of Kafka's ProducerPerformance (quick 100000, full 200000)
                  --producer-record-size=B   record size of ProducerPerformance (200)
                  --no-scaling               skip the 2-instance phase
                  --service-jvm-options="…"  JVM options of each service instance (-Xms1g -Xmx1g)
                  --service-arg=--k=v        extra Spring property for the service instances (repeatable)
                  --kafka-heap=SIZE          broker heap (1g)
                  --seed=N                   workload random seed (42)
                  --sample-interval-ms=N     thread-dump interval during the 1-instance max-rate phase (1000)
                  --stall-seconds=S          fail a phase when no result arrives for S seconds (120)
                  --results-dir=DIR --jar=FILE --kafka-libs=DIR --pg-bin=DIR --temp-dir=DIR --repo=DIR
                run.sh only:
                  --no-build                 use what was built before instead of ./mvnw install -DskipTests first
                  --offline                  build with Maven offline (-o)
                exit status: 0 every acceptance criterion passed, 2 a criterion failed, 1 the run failed
                """.formatted(DEFAULT_ECHO_RESULT_BYTES, DEFAULT_ECHO_STATE_BYTES);
    }

    public static BenchOptions parse(String[] args) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        List<String> serviceArguments = new ArrayList<>();
        boolean quick = false;
        boolean scaling = true;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--no-scaling")) {
                scaling = false;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage());
                System.exit(0);
            } else if (arg.startsWith("--service-arg=")) {
                serviceArguments.add(arg.substring("--service-arg=".length()));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        Path repository = Path.of(values.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        Path resultsDir = Path.of(values.getOrDefault("results-dir", repository.resolve("ops/bench/results/"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))).toString())).toAbsolutePath();
        // The service's default (LicenseRequestsProperties); the echo runs as many consumer threads.
        int concurrency = 3;
        for (String argument : serviceArguments) {
            if (argument.startsWith("--licensing.requests.concurrency=")) {
                concurrency = Integer.parseInt(argument.substring(argument.indexOf('=') + 1));
            }
        }
        String jvm = values.getOrDefault("service-jvm-options", "-Xms1g -Xmx1g");
        BenchOptions options = new BenchOptions(quick, repository, resultsDir,
                Path.of(values.getOrDefault("jar", repository.resolve("services/app/target/license-manager.jar").toString())),
                Path.of(values.getOrDefault("kafka-libs", repository.resolve("ops/bench/target/kafka-libs").toString())),
                values.containsKey("pg-bin") ? Path.of(values.get("pg-bin")) : null,
                Path.of(values.getOrDefault("temp-dir", "/var/tmp")),
                Path.of(System.getProperty("java.home")),
                integer(values, "accounts", 200),
                integer(values, "warmup-requests", quick ? 1500 : 5000),
                integer(values, "max-requests", quick ? 6000 : 30000),
                integer(values, "phase-seconds", quick ? 15 : 45),
                integer(values, "pgbench-seconds", quick ? 10 : 30),
                Long.parseLong(values.getOrDefault("producer-records", quick ? "100000" : "200000")),
                integer(values, "producer-record-size", 200),
                scaling,
                jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+")),
                List.copyOf(serviceArguments),
                concurrency,
                Long.parseLong(values.getOrDefault("seed", "42")),
                Long.parseLong(values.getOrDefault("sample-interval-ms", "1000")),
                integer(values, "stall-seconds", 120),
                values.getOrDefault("kafka-heap", "1g"),
                integer(values, "echo-warmup-requests", quick ? 20000 : 50000),
                integer(values, "echo-requests", quick ? 60000 : 200000),
                integer(values, "echo-result-bytes", DEFAULT_ECHO_RESULT_BYTES),
                integer(values, "echo-state-bytes", DEFAULT_ECHO_STATE_BYTES),
                java.util.Arrays.stream(values.getOrDefault("rates", quick ? "10,50" : "10,25,50,75").split(","))
                        .map(String::trim).map(Integer::valueOf).toList());
        Map<String, String> known = Map.ofEntries(Map.entry("repo", ""), Map.entry("results-dir", ""),
                Map.entry("jar", ""), Map.entry("kafka-libs", ""), Map.entry("pg-bin", ""), Map.entry("temp-dir", ""),
                Map.entry("accounts", ""), Map.entry("warmup-requests", ""), Map.entry("max-requests", ""),
                Map.entry("phase-seconds", ""), Map.entry("pgbench-seconds", ""), Map.entry("producer-records", ""),
                Map.entry("producer-record-size", ""), Map.entry("service-jvm-options", ""), Map.entry("seed", ""),
                Map.entry("sample-interval-ms", ""), Map.entry("stall-seconds", ""), Map.entry("kafka-heap", ""),
                Map.entry("echo-warmup-requests", ""), Map.entry("echo-requests", ""),
                Map.entry("echo-result-bytes", ""), Map.entry("echo-state-bytes", ""), Map.entry("rates", ""));
        for (String key : values.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "\n" + usage());
            }
        }
        return options;
    }

    private static int integer(Map<String, String> values, String name, int fallback) {
        return Integer.parseInt(values.getOrDefault(name, String.valueOf(fallback)));
    }

    public String mode() {
        return quick ? "quick" : "full";
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("mode", mode());
        map.put("accounts", accounts);
        map.put("warmupRequests", warmupRequests);
        map.put("maxRateRequests", maxRequests);
        map.put("fixedRatePhaseSeconds", phaseSeconds);
        map.put("fixedRatePercentsOfMax", ratePercents);
        map.put("echoWarmupRequests", echoWarmupRequests);
        map.put("echoRequests", echoRequests);
        map.put("echoResultValueBytes", echoResultBytes);
        map.put("echoStateValueBytes", echoStateBytes);
        map.put("pgbenchSeconds", pgbenchSeconds);
        map.put("producerPerformanceRecords", producerRecords);
        map.put("producerPerformanceRecordSize", producerRecordSize);
        map.put("scalingPhase", scaling);
        map.put("serviceJvmOptions", serviceJvmOptions);
        map.put("serviceArguments", serviceArguments);
        map.put("requestConsumerThreadsPerInstance", requestConcurrency);
        map.put("seed", seed);
        map.put("kafkaHeap", kafkaHeap);
        return map;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s run: Kafka echo %d (+%d warm-up) requests, %d accounts, warm-up %d, max-rate"
                        + " %d requests, fixed-rate phases at %s %% of max of %d s, pgbench %d s, ProducerPerformance %d x"
                        + " %d B%s", mode(), echoRequests, echoWarmupRequests, accounts, warmupRequests, maxRequests,
                ratePercents, phaseSeconds, pgbenchSeconds, producerRecords, producerRecordSize,
                scaling ? ", 2-instance scaling" : "");
    }

    /** The lightest fixed rate, in percent of the max (the echo runs at it too); 0 without fixed rates. */
    public int lightestRatePercent() {
        return ratePercents.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /**
     * The fixed rate the Kafka echo is run at once more after the service's phases, at the same offered requests per
     * second: the light-load criterion's (10 %) if the run has it, else the lightest; 0 without fixed rates.
     */
    public int echoAtServiceRatePercent() {
        return ratePercents.contains(CRITERION_RATE_PERCENTS.getFirst()) ? CRITERION_RATE_PERCENTS.getFirst()
                : lightestRatePercent();
    }

    /** The fixed rates issue 13's latency criteria are judged on, in percent of the max. */
    public static final List<Integer> CRITERION_RATE_PERCENTS = List.of(10, 50);

    /**
     * The fixed rate whose phase is profiled too (JFR, thread dumps every second, pg_stat_statements), in percent of
     * the max: the lightest, where a lone request's time goes, unless a latency criterion is judged on it — a
     * profiler attached to the phase it measures costs that phase CPU and pauses. 0: none is profiled (with the
     * default rates; {@code --rates=2,5,10,25,50} profiles 2 %).
     */
    public int profiledRatePercent() {
        int lightest = lightestRatePercent();
        return lightest > 0 && !CRITERION_RATE_PERCENTS.contains(lightest) ? lightest : 0;
    }
}
