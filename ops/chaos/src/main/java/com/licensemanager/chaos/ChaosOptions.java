package com.licensemanager.chaos;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The run's settings: the full preset, or {@code --short} (every fault once, fewer accounts and requests). */
record ChaosOptions(boolean shortRun, Path repo, Path resultsDir, Path javaHome, Path pgBin, Path tempRoot,
                    int accounts, int unitsPerAccount, int topUpKeys, double rate, int loadSeconds, int outageSeconds,
                    int moveDeadlineSeconds, long seed, boolean tamper) {

    static final String HELP = """
            ops/chaos/run.sh [--short] [--no-build] [--offline] [--name=value ...]

            Drives license requests, moves (with return notifications and expiring deadlines) and RMA notifications
            through the real stack (durable PostgreSQL, the Kafka broker in its own JVM, Apicurio Registry, two
            service instances in their own JVMs) and, while it runs, in turn: SIGKILLs and restarts a service
            instance, restarts the broker, crashes and restarts PostgreSQL, restarts and stalls (SIGSTOP) the
            registry, injects undecodable and schema-violating records (1 % of traffic), resets the license
            requests' consumer group to the earliest offset. After each
            fault it checks the service against its own model. Exit status 0 only if nothing was lost, duplicated,
            wrong or unanswered.

              --short                    every fault once with fewer accounts and requests (the test suite's run)
              --accounts=N               accounts, each with at most one request in flight (short 50, full 150)
              --rate=N                   requests started per second at most (short 40, full 80)
              --load-seconds=N           load before and after each fault (short 6, full 15)
              --outage-seconds=N         how long the broker, PostgreSQL and the registry stay down (short 3, full 8;
                                         the registry's stall lasts 10 s longer)
              --move-deadline-seconds=N  move deadline of the service instances (short 6, full 10)
              --units-per-account=N      shipped units per account (short 10, full 24)
              --seed=N                   workload seed
              --pg-bin=DIR               PostgreSQL server binaries (default: newest /usr/lib/postgresql/*/bin)
              --temp-root=DIR            where data directories go (default /var/tmp)
              --tamper                   self-test of the checks: at the end, add one license to a balance's
                                         "used" behind the service's back; the run must then fail (exit 2)
            """;

    static ChaosOptions parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(HELP);
                System.exit(0);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + HELP);
            }
            int eq = arg.indexOf('=');
            given.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        boolean shortRun = Boolean.parseBoolean(given.remove("short"));
        Path repo = Path.of(require(given, "repo")).toAbsolutePath();
        Path results = Path.of(require(given, "results-dir")).toAbsolutePath();
        String pgBin = given.remove("pg-bin");
        ChaosOptions options = new ChaosOptions(shortRun, repo, results, Path.of(System.getProperty("java.home")),
                pgBin == null ? null : Path.of(pgBin), Path.of(given.getOrDefault("temp-root", "/var/tmp")),
                integer(given, "accounts", shortRun ? 50 : 150),
                integer(given, "units-per-account", shortRun ? 10 : 24),
                integer(given, "top-up-keys", shortRun ? 3 : 5),
                integer(given, "rate", shortRun ? 40 : 80),
                integer(given, "load-seconds", shortRun ? 6 : 15),
                integer(given, "outage-seconds", shortRun ? 3 : 8),
                integer(given, "move-deadline-seconds", shortRun ? 6 : 10),
                Long.parseLong(given.getOrDefault("seed", "20261128")),
                Boolean.parseBoolean(given.remove("tamper")));
        given.remove("temp-root");
        given.remove("seed");
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + HELP);
        }
        return options;
    }

    Path jar() {
        return repo.resolve("services/app/target/license-manager.jar");
    }

    Path kafkaLibs() {
        return repo.resolve("ops/bench/target/kafka-libs");
    }

    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("preset", shortRun ? "short" : "full");
        map.put("accounts", accounts);
        map.put("unitsPerAccount", unitsPerAccount);
        map.put("topUpKeysPerAccount", topUpKeys);
        map.put("ratePerSecond", rate);
        map.put("loadSecondsAroundEachFault", loadSeconds);
        map.put("outageSeconds", outageSeconds);
        map.put("moveDeadlineSeconds", moveDeadlineSeconds);
        map.put("seed", seed);
        return map;
    }

    private static String require(Map<String, String> given, String name) {
        String value = given.remove(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required (ops/chaos/run.sh passes it)");
        }
        return value;
    }

    private static int integer(Map<String, String> given, String name, int otherwise) {
        String value = given.remove(name);
        return value == null ? otherwise : Integer.parseInt(value);
    }
}
