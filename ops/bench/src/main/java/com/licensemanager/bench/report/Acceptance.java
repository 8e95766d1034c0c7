package com.licensemanager.bench.report;

import com.licensemanager.bench.measure.CpuAccounting;
import com.licensemanager.bench.measure.PhaseResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 13's acceptance criteria, judged against ceilings measured in the same run (the Kafka echo), never against
 * pgbench (issue 7's ≥ 1.0 × pgbench {@code -c 4} is withdrawn; pgbench stays in the report as context). Every
 * criterion is a map with its wording, value, threshold and verdict; the run exits 2 when one fails.
 */
final class Acceptance {

    static final double THROUGHPUT_VS_ECHO = 0.10;
    static final double CPU_ALL_MS = 0.45;
    static final double CPU_SERVICE_MS = 0.20;
    static final double CPU_POSTGRES_MS = 0.12;
    /**
     * The echo's CPU per request (broker, echo and driver together) on the machine class the absolute CPU limits were
     * set for (issue 13: "about 0.04 ms"). A machine whose echo needs more is slower: there a CPU limit is also met
     * by the same proportion to the echo of the run (limit / 0.04 × the run's echo CPU per request).
     */
    static final double ECHO_REFERENCE_CPU_MS = 0.04;
    static final double STATEMENTS_PER_REQUEST = 1.0;
    static final double P50_AT_TENTH_MS = 15;
    static final double P99_AT_TENTH_MS = 50;
    static final double P99_AT_HALF_MS = 100;

    /** The criteria in the order the console prints them. */
    static final List<String> KEYS = List.of("throughputVsEcho", "cpuAllProcesses", "cpuService", "cpuPostgres",
            "statementsPerRequest", "latencyAtTenth", "latencyAtHalf", "exactlyOnce");

    private Acceptance() {
    }

    static Map<String, Object> evaluate(PhaseResult echo, Optional<PhaseResult> max1, Optional<PhaseResult> tenth,
                                        Optional<PhaseResult> half, List<PhaseResult> servicePhases, String error) {
        boolean echoValid = echo != null && echo.exactlyOnce() && echo.throughput() > 0;
        Double echoCpu = echoValid ? echo.cpuMsPerRequestAll() : null;
        Map<String, Object> acceptance = new LinkedHashMap<>();

        Double ours = max1.map(PhaseResult::throughput).orElse(null);
        Map<String, Object> throughput = criterion(String.format(Locale.ROOT, "max-rate throughput (1 instance) >= %.2f x"
                        + " the Kafka echo's of the same run", THROUGHPUT_VS_ECHO), ours,
                echoValid ? echo.throughput() * THROUGHPUT_VS_ECHO : null);
        throughput.put("ratioToEcho", echoValid && ours != null ? ours / echo.throughput() : null);
        throughput.put("pass", echoValid && ours != null && ours >= echo.throughput() * THROUGHPUT_VS_ECHO);
        if (!echoValid) {
            throughput.put("note", "no valid Kafka echo baseline in this run (it did not answer every request once)");
        }
        acceptance.put("throughputVsEcho", throughput);

        acceptance.put("cpuAllProcesses", cpu("CPU per request at the max rate, all processes (service, PostgreSQL,"
                + " broker, registry, driver)", max1.map(PhaseResult::cpuMsPerRequestAll).orElse(null), CPU_ALL_MS,
                echoCpu));
        acceptance.put("cpuService", cpu("CPU per request at the max rate, service",
                max1.map(p -> p.cpuMsPerRequest(CpuAccounting.SERVICE)).orElse(null), CPU_SERVICE_MS, echoCpu));
        acceptance.put("cpuPostgres", cpu("CPU per request at the max rate, PostgreSQL",
                max1.map(p -> p.cpuMsPerRequest(CpuAccounting.POSTGRES)).orElse(null), CPU_POSTGRES_MS, echoCpu));

        Double statements = max1.map(Acceptance::statementsPerRequest).orElse(null);
        Map<String, Object> sql = criterion("SQL statements per request at the max rate (pg_stat_statements) <= 1",
                statements, STATEMENTS_PER_REQUEST);
        sql.put("pass", statements != null && statements <= STATEMENTS_PER_REQUEST);
        acceptance.put("statementsPerRequest", sql);

        Map<String, Object> light = criterion(String.format(Locale.ROOT, "latency at 10 %% of the max rate: p50 <= %.0f"
                + " ms and p99 <= %.0f ms", P50_AT_TENTH_MS, P99_AT_TENTH_MS), tenth.map(p -> p.latency().p99())
                .orElse(null), P99_AT_TENTH_MS);
        light.put("p50", tenth.map(p -> p.latency().p50()).orElse(null));
        light.put("p50Threshold", P50_AT_TENTH_MS);
        light.put("pass", tenth.isPresent() && tenth.get().answered() == tenth.get().requests()
                && tenth.get().latency().p50() <= P50_AT_TENTH_MS && tenth.get().latency().p99() <= P99_AT_TENTH_MS);
        if (tenth.isEmpty()) {
            light.put("note", "no 10 % phase in this run (--rates)");
        }
        acceptance.put("latencyAtTenth", light);

        Map<String, Object> loaded = criterion(String.format(Locale.ROOT, "latency at 50 %% of the max rate: p99 <= %.0f"
                + " ms", P99_AT_HALF_MS), half.map(p -> p.latency().p99()).orElse(null), P99_AT_HALF_MS);
        loaded.put("pass", half.isPresent() && half.get().answered() == half.get().requests()
                && half.get().latency().p99() <= P99_AT_HALF_MS);
        if (half.isEmpty()) {
            loaded.put("note", "no 50 % phase in this run (--rates)");
        }
        acceptance.put("latencyAtHalf", loaded);

        Map<String, Object> once = new LinkedHashMap<>();
        once.put("criterion", "every request answered exactly once (all service phases, warm-ups and seeding"
                + " included)");
        once.put("requests", servicePhases.stream().mapToInt(PhaseResult::requests).sum());
        once.put("missing", servicePhases.stream().mapToInt(PhaseResult::missing).sum());
        once.put("duplicateResults", servicePhases.stream().mapToInt(PhaseResult::duplicateResults).sum());
        once.put("conflictingResults", servicePhases.stream().mapToInt(PhaseResult::conflictingResults).sum());
        once.put("pass", !servicePhases.isEmpty() && servicePhases.stream().allMatch(PhaseResult::exactlyOnce)
                && error == null);
        acceptance.put("exactlyOnce", once);

        acceptance.put("pass", KEYS.stream().allMatch(key -> passed(acceptance.get(key))));
        return acceptance;
    }

    /** The key of the light-load criterion's context: the Kafka echo alone at the same offered rate. */
    static final String ECHO_CONTEXT = "kafkaEchoAtSameRate";

    /**
     * Puts the Kafka echo at the offered rate of {@code servicePhase} next to the light-load latency criterion, as
     * context only: the transport's floor at that rate. Neither a threshold nor a verdict changes.
     */
    @SuppressWarnings("unchecked")
    static void addEchoContext(Map<String, Object> acceptance, PhaseResult echoAtSameRate, PhaseResult servicePhase) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("note", "context, not judged: the transport alone (service stopped) at the offered rate of '"
                + servicePhase.name() + "'");
        context.put("offeredPerSecond", echoAtSameRate.offeredRate());
        context.put("p50Ms", echoAtSameRate.latency().p50());
        context.put("p99Ms", echoAtSameRate.latency().p99());
        context.put("maxMs", echoAtSameRate.latency().max());
        context.put("exactlyOnce", echoAtSameRate.exactlyOnce());
        ((Map<String, Object>) acceptance.get("latencyAtTenth")).put(ECHO_CONTEXT, context);
    }

    @SuppressWarnings("unchecked")
    static boolean passed(Object criterion) {
        return Boolean.TRUE.equals(((Map<String, Object>) criterion).get("pass"));
    }

    private static Map<String, Object> criterion(String wording, Double value, Double threshold) {
        Map<String, Object> criterion = new LinkedHashMap<>();
        criterion.put("criterion", wording);
        criterion.put("value", value);
        criterion.put("threshold", threshold);
        return criterion;
    }

    /**
     * A CPU limit, met either absolutely or — on a machine slower than the one the limits were set for — by the same
     * proportion to the echo's own CPU per request of this run; both are reported.
     */
    static Map<String, Object> cpu(String wording, Double value, double limitMs, Double echoCpuMs) {
        double ratioLimit = limitMs / ECHO_REFERENCE_CPU_MS;
        Map<String, Object> criterion = criterion(String.format(Locale.ROOT, "%s <= %.2f ms, or <= %.2f x the Kafka"
                + " echo's CPU per request (%.2f / %.2f ms)", wording, limitMs, ratioLimit, limitMs,
                ECHO_REFERENCE_CPU_MS), value, limitMs);
        Double ratio = value == null || echoCpuMs == null || echoCpuMs <= 0 ? null : value / echoCpuMs;
        criterion.put("ratioToEchoCpu", ratio);
        criterion.put("ratioThreshold", ratioLimit);
        boolean absolute = value != null && value <= limitMs;
        boolean proportional = ratio != null && ratio <= ratioLimit;
        criterion.put("passedBy", absolute ? "absolute limit" : proportional ? "proportion to the echo" : null);
        criterion.put("pass", absolute || proportional);
        return criterion;
    }

    @SuppressWarnings("unchecked")
    private static Double statementsPerRequest(PhaseResult max1) {
        Map<String, Object> statements = (Map<String, Object>) max1.extra().get("pgStatStatements");
        return statements == null || statements.get("statementsPerRequest") == null ? null
                : ((Number) statements.get("statementsPerRequest")).doubleValue();
    }
}
