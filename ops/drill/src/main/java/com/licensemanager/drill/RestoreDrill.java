package com.licensemanager.drill;

import com.licensemanager.harness.AvroProducer;
import com.licensemanager.harness.Console;
import com.licensemanager.harness.Json;
import com.licensemanager.harness.ServiceInstance;
import com.licensemanager.localstack.DurablePostgresServer;
import com.licensemanager.localstack.KafkaBrokerProcess;
import com.licensemanager.localstack.ManagedProcess;
import com.licensemanager.localstack.Processes;
import com.licensemanager.localstack.SchemaRegistryProcess;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.warehouse.UnitShipped;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The backup-and-restore drill of docs/runbook.md ("Database backup and restore"), on the real stack: durable
 * PostgreSQL whose WAL is streamed synchronously to an archive ({@code pg_receivewal --synchronous}, the server's
 * only synchronous standby), the broker in its own JVM, Apicurio Registry, the service jar. While orders, shipments
 * and registrations arrive, {@code pg_basebackup} takes the backup. Then the database is lost (server crashed, data
 * directory emptied, service killed), the backup is restored into the empty directory and the archived WAL replayed
 * to its end, the service restarted on it. Passes only if it converges (every group's lag 0, outbox empty) to the
 * state it had, nothing lost (every table as before the loss), and everything it publishes again equals what it
 * published before: one activation key per order, the same one; one outcome per request; one state per unit and
 * version.
 */
public final class RestoreDrill {

    private static final String WAL_RECEIVER = "drill_wal";
    private static final List<String> GROUPS = List.of("license-manager.order-fulfilment",
            "license-manager.unit-register", "license-manager.license-requests");

    private final Path repo;
    private final Path results;
    private final Path logs;
    private final int perSecond;
    private final int loadSeconds;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final long started = System.nanoTime();

    private DurablePostgresServer postgres;
    private KafkaBrokerProcess broker;
    private SchemaRegistryProcess registry;
    private ServiceInstance instance;
    private final List<String> orders = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> macs = new ArrayList<>();

    private RestoreDrill(Path repo, Path results, int perSecond, int loadSeconds) {
        this.repo = repo;
        this.results = results;
        this.logs = results.resolve("logs");
        this.perSecond = perSecond;
        this.loadSeconds = loadSeconds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println("ops/drill/restore.sh [--no-build] [--offline] [--rate=N (per second, default 20)]"
                        + " [--load-seconds=N (default 20)]");
                return;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            given.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path results = Path.of(given.remove("results-dir")).toAbsolutePath();
        RestoreDrill drill = new RestoreDrill(Path.of(given.remove("repo")).toAbsolutePath(), results,
                Integer.parseInt(given.getOrDefault("rate", "20")), Integer.parseInt(given.getOrDefault("load-seconds", "20")));
        given.remove("rate");
        given.remove("load-seconds");
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + given.keySet());
        }
        java.util.logging.Logger.getLogger("io.apicurio").setLevel(java.util.logging.Level.SEVERE);
        Files.createDirectories(results.resolve("logs"));
        Console.writeAlsoTo(results.resolve("console.log"));
        System.exit(drill.run());
    }

    private int run() {
        Console.say("License Manager restore drill, results in %s", results);
        summary.put("commit", Processes.output(List.of("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD"),
                Duration.ofSeconds(10)).strip());
        summary.put("startedAt", Instant.now().toString());
        int status;
        try (Processes processes = new Processes(logs.resolve("watchdog.log"), line -> Console.say("%s", line))) {
            try {
                execute(processes);
                status = problems.isEmpty() ? 0 : 2;
            } catch (RuntimeException | InterruptedException e) {
                Console.say("the drill failed: %s", e);
                summary.put("failure", String.valueOf(e));
                status = 1;
            } finally {
                if (instance != null && instance.isAlive()) {
                    instance.stop();
                }
            }
        }
        summary.put("totalSeconds", seconds(started));
        summary.put("problems", problems.stream().limit(100).toList());
        summary.put("exitStatus", status);
        try {
            Files.writeString(results.resolve("summary.json"), Json.write(summary));
        } catch (IOException e) {
            Console.say("could not write summary.json: %s", e);
        }
        Console.say("%s in %.0f s; summary in %s", status == 0 ? "PASSED" : status == 2 ? "CHECKS FAILED" : "RUN FAILED",
                (System.nanoTime() - started) / 1e9, results.resolve("summary.json"));
        problems.stream().limit(20).forEach(problem -> Console.say("  problem: %s", problem));
        return status;
    }

    private void execute(Processes processes) throws InterruptedException {
        Path work = results.resolve("work");
        Path archive = work.resolve("wal-archive");
        Path backup = work.resolve("base-backup");
        CompletableFuture<DurablePostgresServer> pg = CompletableFuture.supplyAsync(() -> DurablePostgresServer.start(
                processes, null, Path.of("/var/tmp"), logs, List.of("wal_level = replica")));
        CompletableFuture<KafkaBrokerProcess> kafka = CompletableFuture.supplyAsync(() -> KafkaBrokerProcess.start(
                processes, Path.of(System.getProperty("java.home"), "bin", "java"),
                repo.resolve("ops/bench/target/kafka-libs"), Path.of("/var/tmp"), logs, "512m"));
        CompletableFuture<SchemaRegistryProcess> schemaRegistry = CompletableFuture.supplyAsync(
                () -> SchemaRegistryProcess.launch(processes, logs));
        postgres = pg.join();
        broker = kafka.join();
        registry = schemaRegistry.join();
        ownedDirectory(archive);
        ManagedProcess receiver = receiveWal(processes, archive);
        // from now on every commit waits until the WAL receiver has it on disk: the archive loses nothing
        postgres.psql("postgres", "alter system set synchronous_standby_names = '" + WAL_RECEIVER + "'");
        postgres.psql("postgres", "select pg_reload_conf()");
        await("the WAL receiver is the synchronous standby", Duration.ofSeconds(60), () -> WAL_RECEIVER.equals(
                sqlValue("select coalesce((select application_name from pg_stat_replication where sync_state = 'sync'), '')")));

        ServiceInstance.Launch launch = new ServiceInstance.Launch(processes, 1, Path.of(System.getProperty("java.home")),
                repo.resolve("services/app/target/license-manager.jar"),
                List.of("-Xms128m", "-Xmx640m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                broker.bootstrapServers(), postgres, registry, results.resolve("work/signing-keys"), logs, List.of());
        instance = ServiceInstance.start(launch);

        // ---- load throughout; the backup taken under it; the loss in the middle of it
        AvroProducer producer = new AvroProducer(broker.bootstrapServers(), registry.registryApiUrl(), "drill-driver",
                "license-manager-drill", Map.of());
        long loadStart = System.nanoTime();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            for (int n = 1; System.nanoTime() - loadStart < loadSeconds * 1_000_000_000L; n++) {
                send(producer, n);
                try {
                    Thread.sleep(1000 / perSecond); // the load's pacing, not a synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            producer.flush();
        });
        Thread.sleep(loadSeconds * 1000L / 4); // a quarter of the load before the backup: pacing, not a wait for a state
        int sentBeforeBackup = sent();
        Console.say("pg_basebackup while the load goes on (%d of each input sent so far)", sentBeforeBackup);
        long backupSeconds = baseBackup(backup);
        Thread.sleep(Math.max(0, loadSeconds * 1000L / 2 - (System.nanoTime() - loadStart) / 1_000_000));

        // ---- the loss, with the load still arriving: batches committed whose offsets were not, outbox rows unsent
        int sentAtLoss = sent();
        Console.say("losing the database under load (%d of each input sent): service killed, PostgreSQL crashed,"
                + " its data directory emptied", sentAtLoss);
        instance.kill();
        Map<String, String> tablesAtLoss = tableDigests();
        Outputs atLoss = readOutputs();
        postgres.crash();
        receiver.stop();
        long restoreStart = System.nanoTime();
        restore(backup, archive);
        postgres.startAgain();
        double restoreSeconds = seconds(restoreStart);
        Console.say("restored the base backup and replayed the archived WAL in %.1f s", restoreSeconds);
        compare("restored", tablesAtLoss, tableDigests());

        // ---- the service on the restored database, the load still going on
        long restartStart = System.nanoTime();
        instance = instance.startAgain();
        load.join();
        producer.close();
        await("every consumer group caught up and the outbox empty", Duration.ofMinutes(3), this::converged);
        double convergeSeconds = seconds(restartStart);
        Outputs after = awaitOutputs("after the restore");
        checkOutputs(atLoss, after);
        checkRows();
        summary.put("load", Map.of("ordersShipmentsAndRegistrationsEach", orders.size(), "perSecond", perSecond,
                "seconds", loadSeconds, "sentEachBeforeTheBackup", sentBeforeBackup, "sentEachAtTheLoss", sentAtLoss));
        summary.put("backupSeconds", backupSeconds);
        summary.put("restoreSeconds", restoreSeconds);
        summary.put("serviceRestartedAndConvergedSeconds", convergeSeconds);
        summary.put("tablesCompared", tablesAtLoss.keySet());
        summary.put("outputs", Map.of("activationKeys", after.keys.size(), "results", after.results.size(),
                "unitStates", after.units.size(), "keysPublishedBeforeTheLoss", atLoss.keys.size(),
                "recordsOnOutputTopicsAtTheLoss", atLoss.records, "recordsOnOutputTopicsAtTheEnd", after.records));
    }

    private synchronized int sent() {
        return orders.size();
    }

    /** The database holds exactly one row per input: nothing lost, nothing applied twice. */
    private void checkRows() {
        Map<String, Integer> expected = Map.of(
                "select count(*) from activation_key where order_number like 'ORD-" + runId + "-%'", orders.size(),
                "select count(*) from unit where order_number like 'ORD-" + runId + "-%'", macs.size(),
                "select count(*) from account where account_id like 'drill-" + runId + "-%'", requests.size());
        expected.forEach((sql, count) -> {
            String found = sqlValue(sql);
            if (!String.valueOf(count).equals(found)) {
                problems.add(sql + ": " + found + ", expected " + count);
            }
        });
    }

    // ---- load

    private synchronized void send(AvroProducer producer, int n) {
        String order = "ORD-" + runId + "-" + n;
        orders.add(order);
        producer.send(Topics.ORDERS_FULFILLED, order, new OrderFulfilled(order, "PO-" + n,
                new Customer("Drill Distribution AG", null), List.of(new LicenseLine("Channels", 1 + n % 5)), Instant.now()));
        String mac = String.format("00-90-33-%02X-%02X-%02X", (runId.hashCode() >>> 8) & 0xFF, (n >> 8) & 0xFF, n & 0xFF);
        macs.add(mac);
        producer.send(Topics.UNITS_SHIPPED, mac, new UnitShipped(mac, "IP811", order, Instant.now()));
        String account = "drill-" + runId + "-" + n;
        String request = "req-" + runId + "-" + n;
        requests.add(request);
        producer.send(Topics.LICENSE_REQUESTS, account, new LicenseRequest(request, account, Instant.now(),
                new RegisterAccount(account + "@drill.example.com", "Drill " + n)));
    }

    // ---- PostgreSQL: WAL archive, backup, restore

    private ManagedProcess receiveWal(Processes processes, Path archive) {
        List<String> command = postgres.asOwner(List.of(postgres.bin().resolve("pg_receivewal").toString(),
                "--dbname=host=" + postgres.socketDirectory() + " port=" + postgres.port() + " user=postgres"
                        + " application_name=" + WAL_RECEIVER,
                "--directory=" + archive, "--synchronous", "--no-loop", "--no-password"));
        return processes.start("pg_receivewal", command, Map.of(), null, logs.resolve("pg_receivewal.log"),
                Duration.ofSeconds(10));
    }

    private long baseBackup(Path backup) {
        long start = System.nanoTime();
        Processes.runChecked(postgres.asOwner(List.of(postgres.bin().resolve("pg_basebackup").toString(),
                        "--host=" + postgres.socketDirectory(), "--port=" + postgres.port(), "--username=postgres",
                        "--pgdata=" + backup, "--format=plain", "--wal-method=stream", "--checkpoint=fast",
                        "--no-password")),
                Map.of(), logs.resolve("pg_basebackup.log"), Duration.ofMinutes(5));
        long seconds = Math.round(seconds(start));
        Console.say("pg_basebackup done in %d s", seconds);
        return seconds;
    }

    /** The runbook's restore: the backup into the emptied data directory, the archive's WAL replayed to its end. */
    private void restore(Path backup, Path archive) {
        Path data = postgres.dataDirectory();
        String script = String.join("\n",
                "set -e",
                "rm -rf '" + data + "'/*",
                "cp -a '" + backup + "'/. '" + data + "'/",
                // the segment being written when the server died: complete as far as it goes
                "for f in '" + archive + "'/*.partial; do [ -e \"$f\" ] && mv \"$f\" \"${f%.partial}\"; done",
                // postgresql.auto.conf: read last, so these win over what ALTER SYSTEM wrote before the backup
                "cat >> '" + data + "/postgresql.auto.conf' <<'EOF'",
                "# --- ops/drill: restored from the base backup, WAL from the archive",
                "restore_command = 'cp " + archive + "/%f \"%p\"'",
                "recovery_target_timeline = 'latest'",
                // the archive's receiver is gone: commits must not wait for it
                "synchronous_standby_names = ''",
                "EOF",
                "touch '" + data + "/recovery.signal'");
        Processes.runChecked(postgres.asOwner(List.of("sh", "-c", script)), Map.of(), logs.resolve("restore.log"),
                Duration.ofMinutes(5));
    }

    private void ownedDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            Processes.runChecked(List.of("chown", "-R", "postgres:postgres", results.resolve("work").toString()),
                    Map.of(), logs.resolve("restore.log"), Duration.ofSeconds(10));
        }
    }

    /** Every table of the service: row count and a digest of all its rows, in a stable order. */
    private Map<String, String> tableDigests() {
        Map<String, String> digests = new TreeMap<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = 'public' and table_type = 'BASE TABLE' order by 1")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("select count(*) || ' rows, md5 ' || coalesce(md5(string_agg("
                        + "t::text, '|' order by t::text)), '-') from \"" + table + "\" t")) {
                    rows.next();
                    digests.put(table, rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tables", e);
        }
        return digests;
    }

    private void compare(String when, Map<String, String> before, Map<String, String> now) {
        Set<String> tables = new TreeSet<>(before.keySet());
        tables.addAll(now.keySet());
        for (String table : tables) {
            if (!String.valueOf(before.get(table)).equals(String.valueOf(now.get(table)))) {
                problems.add(when + ": table " + table + " was " + before.get(table) + ", is " + now.get(table));
            }
        }
        Console.say("%s: %d tables compared, %s", when, tables.size(),
                problems.stream().anyMatch(p -> p.startsWith(when)) ? "DIFFERENT" : "all equal to before the loss");
    }

    private String sqlValue(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            return null;
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.username());
        properties.setProperty("password", postgres.password());
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(postgres.jdbcUrl(), properties);
    }

    // ---- Kafka: convergence and the outputs

    private boolean converged() {
        if (!"0".equals(sqlValue("select count(*) from outbox"))) {
            return false;
        }
        try (Admin admin = broker.admin()) {
            for (String group : GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
                for (var entry : committed.entrySet()) {
                    if (entry.getValue() == null || entry.getValue().offset() < ends.get(entry.getKey()).offset()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** What the service published: per order its keys, per request its outcomes, per unit its states. */
    private record Outputs(Map<String, Set<String>> keys, Map<String, Set<String>> results,
                           Map<String, Set<String>> units, Map<String, Set<String>> eventsById, int records) {
    }

    private Outputs awaitOutputs(String when) throws InterruptedException {
        Outputs[] last = new Outputs[1];
        await("an output for every input " + when, Duration.ofMinutes(3), () -> {
            last[0] = readOutputs();
            return last[0].keys.keySet().containsAll(orders) && last[0].results.keySet().containsAll(requests)
                    && last[0].units.keySet().containsAll(macs);
        });
        return last[0];
    }

    private Outputs readOutputs() {
        Map<String, Set<String>> keys = new TreeMap<>();
        Map<String, Set<String>> results = new TreeMap<>();
        Map<String, Set<String>> units = new TreeMap<>();
        Map<String, Set<String>> eventsById = new HashMap<>();
        int records = 0;
        for (String topic : List.of(Topics.ACTIVATION_KEYS, Topics.LICENSE_RESULTS, Topics.UNITS)) {
            for (ConsumerRecord<String, Object> record : readAll(topic)) {
                records++;
                String content = record.value().toString();
                Header id = record.headers().lastHeader(EnvelopeHeaders.ID);
                eventsById.computeIfAbsent(id == null ? "" : new String(id.value(), StandardCharsets.UTF_8),
                        k -> new TreeSet<>()).add(topic + " " + record.key() + " " + content);
                switch (record.value()) {
                    case ActivationKeyIssued key -> keys.computeIfAbsent(key.getOrderNumber(), k -> new TreeSet<>())
                            .add(key.getActivationKey() + " " + key.getScanPayload() + " " + key.getLicenses());
                    case LicenseResult result -> results.computeIfAbsent(result.getRequestId(), k -> new TreeSet<>())
                            .add(result.getAccepted() + " " + result.getOutcome() + " " + result.getRejections());
                    case UnitState unit -> units.computeIfAbsent(unit.getMac(), k -> new TreeSet<>())
                            // the version names the state; updatedAt is when it was written
                            .add(unit.getVersion() + " " + UnitState.newBuilder(unit).setUpdatedAt(Instant.EPOCH).build());
                    default -> {
                    }
                }
            }
        }
        return new Outputs(keys, results, units, eventsById, records);
    }

    /** Every input has one output, and an output published before the loss is published again only as it was. */
    private void checkOutputs(Outputs atLoss, Outputs after) {
        for (String order : orders) {
            Set<String> keys = after.keys.get(order);
            if (keys.size() != 1 || (atLoss.keys.containsKey(order) && !keys.equals(atLoss.keys.get(order)))) {
                problems.add("order " + order + ": key(s) at the loss " + atLoss.keys.get(order) + ", now " + keys);
            }
        }
        for (String request : requests) {
            Set<String> outcomes = after.results.get(request);
            if (outcomes.size() != 1 || (atLoss.results.containsKey(request) && !outcomes.equals(atLoss.results.get(request)))) {
                problems.add("request " + request + ": outcome(s) at the loss " + atLoss.results.get(request) + ", now "
                        + outcomes);
            }
        }
        for (var unit : after.units.entrySet()) {
            Map<String, Long> versions = new HashMap<>();
            unit.getValue().forEach(state -> versions.merge(state.substring(0, state.indexOf(' ')), 1L, Long::sum));
            versions.forEach((version, count) -> {
                if (count > 1) {
                    problems.add("unit " + unit.getKey() + ": version " + version + " published with different content");
                }
            });
        }
        for (var event : after.eventsById.entrySet()) {
            if (event.getValue().size() > 1) {
                problems.add("ce_id " + event.getKey() + " published with different content: " + event.getValue());
            }
        }
        Console.say("outputs: %d keys (%d published before the loss), %d results, %d units checked",
                after.keys.size(), atLoss.keys.size(), after.results.size(), after.units.size());
    }

    private List<ConsumerRecord<String, Object>> readAll(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put("apicurio.registry.url", registry.registryApiUrl());
        config.put("apicurio.registry.use-specific-avro-reader", true);
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, Object>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + patience.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(500); // polling interval of a wait for a condition
        }
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
    }
}
