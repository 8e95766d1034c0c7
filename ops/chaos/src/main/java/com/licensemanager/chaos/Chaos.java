package com.licensemanager.chaos;

import com.licensemanager.chaos.Model.Account;
import com.licensemanager.chaos.Model.Step;
import com.licensemanager.harness.AvroProducer;
import com.licensemanager.harness.Console;
import com.licensemanager.harness.Json;
import com.licensemanager.harness.ServiceInstance;
import com.licensemanager.localstack.DurablePostgresServer;
import com.licensemanager.localstack.KafkaBrokerProcess;
import com.licensemanager.localstack.Processes;
import com.licensemanager.localstack.SchemaRegistryProcess;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The fault-injection run (ops/chaos/run.sh, docs/chaos.md). Starts the real stack (durable
 * PostgreSQL, the Kafka broker in its own JVM, Apicurio Registry, two service instances in their own JVMs, all
 * consumer roles in each), seeds accounts, keys and units through the service's inputs, keeps a steady load of
 * license requests, moves (with return notifications and expiring deadlines) and RMA notifications running, and
 * injects one fault after the other. After each it pauses the load, lets everything drain and compares results,
 * dead letters and the database with its own {@link Model}.
 */
public final class Chaos {

    static final String REQUESTS_GROUP = "license-manager.license-requests";
    static final String REGISTRY_DATABASE = "registry";

    enum Fault {
        NONE("none (steady load only)"),
        SERVICE_KILL("SIGKILL a service instance, restart it"),
        BROKER_RESTART("Kafka broker stop + restart"),
        POSTGRES_CRASH("PostgreSQL crash (immediate) + restart"),
        REGISTRY_OUTAGE("Apicurio Registry stop + restart"),
        REGISTRY_STALL("Apicurio Registry stalled (SIGSTOP) + SIGCONT"),
        BAD_RECORDS("bad records, 1 % of traffic"),
        REPLAY("requests group reset to earliest, replay"),
        TAMPER("self-test: a balance changed behind the service's back");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    enum Finding { LOST, DUPLICATED, WRONG }

    private final ChaosOptions options;
    private final Path logs;
    private final String runId;
    private final long started = System.nanoTime();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> summary = new LinkedHashMap<>();
    /** Findings reported so far (by subject), so that each is counted once, at the checkpoint that found it. */
    private final Set<String> reported = new HashSet<>();

    private DurablePostgresServer postgres;
    private KafkaBrokerProcess broker;
    private SchemaRegistryProcess registry;
    private final ServiceInstance[] instances = new ServiceInstance[2];
    private Model model;
    private Tracker tracker;
    private Observer observer;
    private AvroProducer producer;
    private BadRecords badRecords;
    private Database database;
    private LoadDriver driver;
    private long duplicatesReported;
    private long wrongReported;
    private long negativeReported;
    /** Requests and admin commands the last checkpoint found without a {@code LicenseResult}. */
    private int unansweredAtCheckpoint;

    private Chaos(ChaosOptions options) {
        this.options = options;
        this.logs = options.resultsDir().resolve("logs");
        this.runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    }

    public static void main(String[] args) {
        ChaosOptions options = ChaosOptions.parse(args);
        java.util.logging.Logger.getLogger("io.apicurio").setLevel(java.util.logging.Level.SEVERE);
        try {
            Files.createDirectories(options.resultsDir().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Console.writeAlsoTo(options.resultsDir().resolve("console.log"));
        System.exit(new Chaos(options).run());
    }

    private int run() {
        Console.say("License Manager chaos run (%s), results in %s", options.shortRun() ? "--short" : "full",
                options.resultsDir());
        summary.put("commit", Processes.output(List.of("git", "-C", options.repo().toString(), "rev-parse",
                "--short", "HEAD"), Duration.ofSeconds(10)).strip());
        summary.put("startedAt", Instant.now().toString());
        summary.put("options", options.describe());
        int status;
        try (Processes processes = new Processes(logs.resolve("watchdog.log"), line -> Console.say("%s", line))) {
            try {
                execute(processes);
                status = verdict() ? 0 : 2;
            } catch (RuntimeException e) {
                status = 1;
                summary.put("failure", e.toString());
                Console.say("FAILED: %s", e);
                e.printStackTrace(System.out);
            } finally {
                closeClients();
                stopInstances();
            }
        }
        summary.put("totalSeconds", round((System.nanoTime() - started) / 1e9));
        summary.put("faults", rows);
        summary.put("exitStatus", status);
        printTable();
        try {
            Files.writeString(options.resultsDir().resolve("summary.json"), Json.write(summary));
        } catch (IOException e) {
            Console.say("could not write summary.json: %s", e);
        }
        Console.say("%s in %.0f s; summary in %s", status == 0 ? "PASSED" : status == 2 ? "CHECKS FAILED" : "RUN FAILED",
                (System.nanoTime() - started) / 1e9, options.resultsDir().resolve("summary.json"));
        return status;
    }

    private void execute(Processes processes) {
        CompletableFuture<DurablePostgresServer> pg = CompletableFuture.supplyAsync(() -> DurablePostgresServer.start(
                processes, options.pgBin(), options.tempRoot(), logs, List.of("log_min_messages = warning")));
        CompletableFuture<KafkaBrokerProcess> kafka = CompletableFuture.supplyAsync(() -> KafkaBrokerProcess.start(
                processes, options.javaHome().resolve("bin/java"), options.kafkaLibs(), options.tempRoot(), logs,
                "512m"));
        // SQL storage in the run's PostgreSQL, as the production compose file has it: the registry's restart keeps
        // the contract's schemas and their ids, which the records already on the topics carry.
        CompletableFuture<SchemaRegistryProcess> schemaRegistry = pg.thenApplyAsync(database -> {
            database.psql("postgres", "create database " + REGISTRY_DATABASE + " owner " + DurablePostgresServer.USER);
            return SchemaRegistryProcess.launch(processes, logs, SchemaRegistryProcess.sqlStorage(
                    database.jdbcUrl(REGISTRY_DATABASE), database.username(), database.password()));
        });
        postgres = pg.join();
        broker = kafka.join();
        registry = schemaRegistry.join();
        summary.put("infrastructure", Map.of("postgres", postgres.version(), "fsync", postgres.setting("fsync"),
                "kafka", "4.1 (KRaft combined, own JVM)",
                "registry", "Apicurio Registry (child process, SQL storage in the run's PostgreSQL)"));

        Path signingKeys = options.resultsDir().resolve("work/signing-keys");
        List<String> jvm = List.of("-Xms128m", "-Xmx640m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        List<String> arguments = List.of(
                "--licensing.moves.deadline=" + options.moveDeadlineSeconds() + "s",
                "--licensing.move-deadlines.polling-interval=1s",
                Reminders.argument(reminderOffsets()),
                // a killed instance's partitions move to the other after 10 s instead of the default 45 s
                "--spring.kafka.consumer.properties.session.timeout.ms=10000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=2000",
                "--logging.level.root=INFO");
        List<CompletableFuture<ServiceInstance>> starting = new ArrayList<>();
        for (int i = 0; i < instances.length; i++) {
            ServiceInstance.Launch launch = new ServiceInstance.Launch(processes, i + 1, options.javaHome(),
                    options.jar(), jvm, broker.bootstrapServers(), postgres, registry, signingKeys, logs, arguments);
            starting.add(CompletableFuture.supplyAsync(() -> ServiceInstance.start(launch)));
        }
        for (int i = 0; i < instances.length; i++) {
            instances[i] = starting.get(i).join();
        }

        model = new Model(runId, options.accounts(), options.unitsPerAccount(), options.seed());
        tracker = new Tracker(model, runId);
        producer = new AvroProducer(broker.bootstrapServers(), registry.registryApiUrl(), "chaos-driver", "license-manager-chaos",
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 2,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000));
        List<String> deadLetterTopics = BadRecords.INPUTS.stream().map(Topics::deadLetter).toList();
        observer = new Observer(tracker, broker.bootstrapServers(), registry.registryApiUrl(), deadLetterTopics);
        badRecords = new BadRecords(runId, broker.bootstrapServers(), registry.registryApiUrl());
        database = new Database(postgres.jdbcUrl(), postgres.username(), postgres.password());

        seed();
        driver = new LoadDriver();
        Thread.ofPlatform().name("chaos-load").daemon().start(driver);
        for (Fault fault : Fault.values()) {
            if (fault != Fault.TAMPER || options.tamper()) {
                rows.add(runFault(fault));
            }
        }
        driver.stop();
        Map<String, Object> sampler = new LinkedHashMap<>();
        sampler.put("samples", database.samples.get());
        sampler.put("samplesWhileUnreachable", database.samplesUnreachable.get());
        sampler.put("negativeRowsSeen", database.negativeRowsSeen.get());
        summary.put("negativeBalanceSampler", sampler);
        summary.put("counters", tracker.counters());
        summary.put("problems", tracker.problems().stream().limit(200).toList());
    }

    // ---- seeding, through the service's own inputs

    private void seed() {
        long start = System.nanoTime();
        int orders = 0;
        Map<Account, List<String>> orderNumbers = new LinkedHashMap<>();
        synchronized (tracker) {
            for (Account account : model.accounts) {
                send(model.registration(account, 0));
                List<String> numbers = new ArrayList<>();
                for (int k = 0; k <= options.topUpKeys(); k++) {
                    String number = "ORD-" + runId + "-" + (++orders);
                    numbers.add(number);
                    producer.send(Topics.ORDERS_FULFILLED, number, new OrderFulfilled(number, "PO-" + orders,
                            new Customer("Chaos Distribution AG", null),
                            Model.toLines(k == 0 ? Model.INITIAL_KEY : Model.TOP_UP_KEY), Instant.now()));
                }
                orderNumbers.put(account, numbers);
            }
            for (Model.Unit unit : model.units.values()) {
                producer.send(Topics.UNITS_SHIPPED, unit.mac, new UnitShipped(unit.mac, Model.MODEL, "CHAOS-" + runId,
                        Instant.now()));
            }
        }
        producer.flush();
        await("accounts registered", Duration.ofSeconds(120), tracker::idle);
        await("activation keys issued", Duration.ofSeconds(120), () -> {
            synchronized (tracker) {
                return orderNumbers.values().stream().flatMap(List::stream).allMatch(tracker.keysByOrder::containsKey);
            }
        });
        await("units registered", Duration.ofSeconds(120), () -> count("select count(*) from unit")
                >= model.units.size());
        synchronized (tracker) {
            for (Account account : model.accounts) {
                send(model.enableMoveContract(account, 0));
            }
        }
        await("move contracts enabled", Duration.ofSeconds(120), tracker::idle);
        synchronized (tracker) {
            for (Map.Entry<Account, List<String>> entry : orderNumbers.entrySet()) {
                List<String> keys = entry.getValue().stream().map(tracker.keysByOrder::get).toList();
                send(model.redeem(entry.getKey(), keys.getFirst(), Model.INITIAL_KEY, 0));
                entry.getKey().keys.addAll(keys.subList(1, keys.size()));
            }
        }
        await("initial keys redeemed", Duration.ofSeconds(120), tracker::idle);
        if (tracker.wrong > 0) {
            throw new IllegalStateException("seeding failed: " + tracker.problems());
        }
        Console.say("seeded %d accounts (registered, move contract, %d keys each), %d units in %.1f s",
                model.accounts.size(), options.topUpKeys() + 1, model.units.size(), (System.nanoTime() - start) / 1e9);
    }

    // ---- one fault: load, fault, recovery, load, checkpoint

    private Map<String, Object> runFault(Fault fault) {
        synchronized (tracker) {
            tracker.window++;
        }
        long sentBefore = sent();
        Console.say("-- %s", fault.label);
        driver.resume();
        loadFor(options.loadSeconds());
        int inFlight = tracker.inFlight();
        long lastBeforeFault;
        synchronized (tracker) {
            lastBeforeFault = model.lastSequence();
        }
        long faultAt = System.nanoTime();
        // when the requests in flight at the fault got their answers (while the fault is still being healed)
        CompletableFuture<Double> inFlightAnswered = CompletableFuture.supplyAsync(() -> {
            long deadline = faultAt + Duration.ofSeconds(300).toNanos();
            while (!tracker.completedUpTo(lastBeforeFault) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000_000L);
            }
            return tracker.completedUpTo(lastBeforeFault) ? round((System.nanoTime() - faultAt) / 1e9) : null;
        });
        long faultAtWallClock = System.currentTimeMillis();
        Map<String, Object> detail = new LinkedHashMap<>();
        BooleanSupplier extraRecovery = inject(fault, detail);
        long healedAt = System.nanoTime();
        int waitingAtHeal = tracker.inFlight();
        long lastBeforeHeal;
        synchronized (tracker) {
            lastBeforeHeal = model.lastSequence();
        }
        Double recovery = null;
        try {
            await("recovery from " + fault.label, Duration.ofSeconds(240),
                    () -> tracker.completedUpTo(lastBeforeHeal) && extraRecovery.getAsBoolean());
            recovery = round((System.nanoTime() - faultAt) / 1e9);
        } catch (IllegalStateException notRecovered) {
            detail.put("notRecovered", notRecovered.getMessage());
            Console.say("NOT RECOVERED: %s", notRecovered.getMessage());
        }
        tracker.reminders.fault(faultAtWallClock, System.currentTimeMillis());
        loadFor(options.loadSeconds());
        Map<Finding, List<String>> findings = checkpoint();
        long duplicates;
        long wrong;
        long negative;
        synchronized (tracker) {
            duplicates = tracker.duplicates - duplicatesReported;
            wrong = tracker.wrong + tracker.negativeBalanceEvents - wrongReported;
            duplicatesReported = tracker.duplicates;
            wrongReported = tracker.wrong + tracker.negativeBalanceEvents;
        }
        negative = database.negativeRowsSeen.get() - negativeReported;
        negativeReported = database.negativeRowsSeen.get();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fault", fault.label);
        row.put("inFlightAtFault", inFlight);
        row.put("waitingWhenHealed", waitingAtHeal);
        row.put("sentInWindow", sent() - sentBefore);
        row.put("lost", findings.get(Finding.LOST).size());
        row.put("duplicatedEffects", findings.get(Finding.DUPLICATED).size() + duplicates);
        row.put("wrong", findings.get(Finding.WRONG).size() + wrong + negative);
        row.put("unanswered", unansweredAtCheckpoint);
        row.put("recoverySeconds", recovery);
        row.put("inFlightAnsweredSeconds", inFlightAnswered.join());
        row.put("faultSeconds", round((healedAt - faultAt) / 1e9));
        row.put("detail", detail);
        row.put("findings", Map.of("lost", head(findings.get(Finding.LOST)), "duplicated",
                head(findings.get(Finding.DUPLICATED)), "wrong", head(findings.get(Finding.WRONG))));
        Console.say("   in flight %d, sent %d, lost %s, duplicated %s, wrong %s, unanswered %s, recovery %s s", inFlight,
                row.get("sentInWindow"), row.get("lost"), row.get("duplicatedEffects"), row.get("wrong"),
                row.get("unanswered"),
                recovery == null ? "-" : recovery);
        for (Finding finding : Finding.values()) {
            head(findings.get(finding)).forEach(text -> Console.say("   %s: %s", finding, text));
        }
        return row;
    }

    /** Injects the fault and heals it; answers what else recovery needs beyond every earlier request answered. */
    private BooleanSupplier inject(Fault fault, Map<String, Object> detail) {
        switch (fault) {
            case NONE -> {
                return () -> true;
            }
            case SERVICE_KILL -> {
                ServiceInstance victim = instances[0];
                detail.put("killedPid", victim.pid());
                victim.kill();
                Console.say("   SIGKILLed %s (pid %d); %s carries on; restarting", victim.name(), victim.pid(),
                        instances[1].name());
                instances[0] = victim.startAgain();
                return () -> true;
            }
            case BROKER_RESTART -> {
                broker.stopProcess();
                Console.say("   broker stopped; down for %d s", options.outageSeconds());
                hold(options.outageSeconds());
                broker.startAgain();
                return () -> true;
            }
            case POSTGRES_CRASH -> {
                postgres.crash();
                Console.say("   PostgreSQL crashed (pg_ctl stop -m immediate); down for %d s", options.outageSeconds());
                hold(options.outageSeconds());
                postgres.startAgain();
                Console.say("   PostgreSQL restarted (crash recovery)");
                return () -> true;
            }
            case REGISTRY_OUTAGE -> {
                registry.stopProcess();
                List<BadRecords.Sent> needingTheRegistry = badRecordsWhile("stopped", detail);
                hold(options.outageSeconds());
                registry.startAgain();
                Console.say("   registry restarted (SQL storage: schemas and ids kept)");
                return () -> needingTheRegistry.stream().allMatch(b -> observer.deadLetter(b.key()) != null);
            }
            case REGISTRY_STALL -> {
                registry.pause();
                List<BadRecords.Sent> needingTheRegistry = badRecordsWhile("stalled (SIGSTOP)", detail);
                // longer than the clients' silence (licensing.schema-registry.silence, 10 s): their calls give up
                // and are retried while it lasts
                int stall = options.outageSeconds() + 10;
                Console.say("   stalled for %d s", stall);
                hold(stall);
                registry.resume();
                Console.say("   registry resumed (SIGCONT)");
                detail.put("stallSeconds", stall);
                return () -> needingTheRegistry.stream().allMatch(b -> observer.deadLetter(b.key()) != null);
            }
            case BAD_RECORDS -> {
                driver.badRecordEvery(100);
                loadFor(options.loadSeconds());
                driver.badRecordEvery(0);
                int minimum = 2 * BadRecords.INPUTS.size();
                while (badRecords.count() < minimum) {
                    badRecords.sendOne();
                }
                List<BadRecords.Sent> sentBad = badRecords.acknowledged();
                detail.put("badRecords", sentBad.size());
                Map<String, Integer> byKind = new TreeMap<>();
                sentBad.forEach(b -> byKind.merge(b.kind() + " on " + b.topic(), 1, Integer::sum));
                detail.put("badRecordsByKindAndTopic", byKind);
                Console.say("   %d bad records injected (1 per 100 requests, at least %d)", sentBad.size(), minimum);
                return () -> sentBad.stream().allMatch(b -> observer.deadLetter(b.key()) != null);
            }
            case REPLAY -> {
                return replay(detail);
            }
            case TAMPER -> {
                postgres.psql(DurablePostgresServer.DATABASE, "update balance set used = used + 1 where (owner, license_code) ="
                        + " (select owner, license_code from balance where uploaded - used - transferred > 0"
                        + " order by owner, license_code limit 1)");
                Console.say("   one balance row changed behind the service's back: the checks must find it");
                return () -> true;
            }
            default -> throw new IllegalStateException("unknown fault " + fault);
        }
    }

    /**
     * Bad records of every kind on every input while the registry is away: the consumers must ask the registry
     * about them (an unknown schema id among them), find it unreachable or silent, and retry rather than
     * dead-letter; once it answers they are dead-lettered, and the valid records behind them answered.
     */
    private List<BadRecords.Sent> badRecordsWhile(String state, Map<String, Object> detail) {
        int before = badRecords.acknowledged().size();
        for (int i = 0; i < BadRecords.KINDS.length * BadRecords.INPUTS.size(); i++) {
            badRecords.sendOne();
        }
        List<BadRecords.Sent> all = badRecords.acknowledged();
        Console.say("   registry %s; %d bad records sent meanwhile", state, all.size() - before);
        detail.put("badRecordsDuringTheFault", all.size() - before);
        return all;
    }

    private BooleanSupplier replay(Map<String, Object> detail) {
        for (ServiceInstance instance : instances) {
            instance.stop();
        }
        Map<TopicPartition, Long> ends;
        try (Admin admin = broker.admin()) {
            await("consumer group " + REQUESTS_GROUP + " empty", Duration.ofSeconds(60), () -> {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(REQUESTS_GROUP))
                            .describedGroups().get(REQUESTS_GROUP).get(10, TimeUnit.SECONDS);
                    return group.members().isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.LICENSE_REQUESTS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.LICENSE_REQUESTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.LICENSE_REQUESTS, p.partition())).toList();
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            ends = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            earliest.forEach((tp, offset) -> reset.put(tp, new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets(REQUESTS_GROUP, reset).all().get(30, TimeUnit.SECONDS);
            long replayed = ends.values().stream().mapToLong(Long::longValue).sum()
                    - earliest.values().stream().mapToLong(Long::longValue).sum();
            detail.put("recordsReplayed", replayed);
            Console.say("   both instances stopped; group %s reset to the earliest offsets: %d records to replay",
                    REQUESTS_GROUP, replayed);
        } catch (Exception e) {
            throw new IllegalStateException("could not reset the consumer group", e);
        }
        List<CompletableFuture<ServiceInstance>> starting = Arrays.stream(instances)
                .map(instance -> CompletableFuture.supplyAsync(instance::startAgain)).toList();
        for (int i = 0; i < instances.length; i++) {
            instances[i] = starting.get(i).join();
        }
        return () -> {
            try (Admin admin = broker.admin()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(REQUESTS_GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
            } catch (Exception e) {
                return false;
            }
        };
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    // ---- checkpoint: pause, drain, compare with the model

    private Map<Finding, List<String>> checkpoint() {
        driver.pause();
        Map<Finding, List<String>> findings = new LinkedHashMap<>();
        for (Finding finding : Finding.values()) {
            findings.put(finding, new ArrayList<>());
        }
        unansweredAtCheckpoint = 0;
        try {
            await("every request answered", Duration.ofSeconds(120), tracker::idle);
        } catch (IllegalStateException timedOut) {
            for (Step step : tracker.outstandingSteps()) {
                if (!step.isRmaNotification()) {
                    // every license request and admin command is owed exactly one LicenseResult (issue 16)
                    unansweredAtCheckpoint++;
                }
                String deadLettered = step.messageId == null ? null : observer.deadLetterOf(step.messageId);
                report(findings, Finding.LOST, "step " + step.id, "no answer to " + step.kind + " " + step.id + " of "
                        + step.account.id + " (sent in window " + step.window + ", ce_id " + step.messageId + ")"
                        + (deadLettered == null ? "" : "; the valid record was dead-lettered: " + deadLettered));
                tracker.giveUp(step);
            }
        }
        long movesDeadline = (options.moveDeadlineSeconds() + 90L);
        try {
            await("every move ended", Duration.ofSeconds(movesDeadline), () -> compareMoves(null));
        } catch (IllegalStateException timedOut) {
            // reported below
        }
        compareMoves(findings);
        List<BadRecords.Sent> bad = badRecords.acknowledged();
        try {
            await("every bad record dead-lettered", Duration.ofSeconds(60),
                    () -> bad.stream().allMatch(b -> observer.deadLetter(b.key()) != null));
        } catch (IllegalStateException timedOut) {
            // reported below
        }
        for (BadRecords.Sent sent : bad) {
            Observer.DeadLetter letter = observer.deadLetter(sent.key());
            if (letter == null) {
                report(findings, Finding.LOST, "bad " + sent.key(), "bad record " + sent.key() + " (" + sent.kind()
                        + " on " + sent.topic() + ") not on its dead-letter topic");
            } else if (!Arrays.equals(letter.value(), sent.value()) || !letter.topic().equals(
                    Topics.deadLetter(sent.topic())) || letter.partition() != sent.partition()) {
                report(findings, Finding.WRONG, "bad " + sent.key(), "dead letter of " + sent.key() + " differs: "
                        + letter.topic() + "/" + letter.partition() + " vs " + sent.topic() + "/" + sent.partition()
                        + ", bytes equal: " + Arrays.equals(letter.value(), sent.value()));
            }
        }
        try {
            compareBalances(findings);
            compareUnits(findings);
        } catch (SQLException e) {
            throw new IllegalStateException("the checkpoint could not read the database", e);
        }
        if (database.firstNegative() != null) {
            report(findings, Finding.WRONG, "negative", "negative balance seen by the sampler: "
                    + database.firstNegative());
        }
        observer.checkHealthy();
        driver.checkHealthy();
        return findings;
    }

    private void compareBalances(Map<Finding, List<String>> findings) throws SQLException {
        Map<String, Map<String, int[]>> actual = new HashMap<>();
        for (String[] row : database.rows("select owner, license_code, uploaded, used, transferred from balance")) {
            actual.computeIfAbsent(row[0], o -> new TreeMap<>()).put(row[1], new int[]{Integer.parseInt(row[2]),
                    Integer.parseInt(row[3]), Integer.parseInt(row[4])});
        }
        String[] columns = {"uploaded", "used", "transferred"};
        synchronized (tracker) {
            for (Account account : model.accounts) {
                Map<String, int[]> db = actual.getOrDefault(account.id, Map.of());
                Set<String> codes = new TreeSet<>(account.balance.keySet());
                codes.addAll(db.keySet());
                for (String code : codes) {
                    int[] expected = account.balance.getOrDefault(code, new int[3]);
                    int[] found = db.getOrDefault(code, new int[3]);
                    for (int c = 0; c < 3; c++) {
                        if (expected[c] != found[c]) {
                            report(findings, found[c] > expected[c] ? Finding.DUPLICATED : Finding.LOST,
                                    "balance " + account.id + " " + code + " " + columns[c], "balance of " + account.id
                                            + " " + code + ": " + columns[c] + " " + found[c] + ", model "
                                            + expected[c]);
                        }
                    }
                }
            }
        }
    }

    private void compareUnits(Map<Finding, List<String>> findings) throws SQLException {
        Map<String, Map<String, Integer>> licenses = new HashMap<>();
        for (String[] row : database.rows("select mac, license_code, sum(quantity) from unit_license group by 1, 2")) {
            licenses.computeIfAbsent(row[0], m -> new TreeMap<>()).put(row[1], Integer.parseInt(row[2]));
        }
        Map<String, String[]> units = new HashMap<>();
        for (String[] row : database.rows("select mac, coalesce(owner, ''), status, coalesce(moved_to, ''),"
                + " coalesce(copy_of, '') from unit")) {
            units.put(row[0], row);
        }
        synchronized (tracker) {
            for (Model.Unit unit : model.units.values()) {
                Map<String, Integer> found = licenses.getOrDefault(unit.mac, Map.of());
                Set<String> codes = new TreeSet<>(unit.licenses.keySet());
                codes.addAll(found.keySet());
                for (String code : codes) {
                    int expected = unit.licenses.getOrDefault(code, 0);
                    int actual = found.getOrDefault(code, 0);
                    if (expected != actual) {
                        report(findings, actual > expected ? Finding.DUPLICATED : Finding.LOST,
                                "unit " + unit.mac + " " + code, "unit " + unit.mac + " holds " + actual + " " + code
                                        + ", model " + expected);
                    }
                }
                String[] row = units.get(unit.mac);
                String expected = String.join("|", unit.owner == null ? "" : unit.owner.id, unit.rma ? "RMA" : "OK",
                        unit.movedTo == null ? "" : unit.movedTo, unit.copyOf == null ? "" : unit.copyOf);
                String actual = row == null ? "missing" : String.join("|", row[1], row[2], row[3], row[4]);
                if (!expected.equals(actual)) {
                    report(findings, row == null ? Finding.LOST : Finding.WRONG, "unit state " + unit.mac,
                            "unit " + unit.mac + " owner|status|moved_to|copy_of " + actual + ", model " + expected);
                }
            }
        }
    }

    /**
     * Checks every move the model knows against the database and the invoices seen: exactly one row, with the id
     * the result named, ended the one way the model allows. With {@code findings} null it only answers whether all
     * moves have ended (for waiting), else it reports.
     */
    private boolean compareMoves(Map<Finding, List<String>> findings) {
        List<String[]> rows;
        try {
            rows = database.rows("select move_id::text, kind, from_mac, to_mac, coalesce(outcome, ''), "
                    + "coalesce((extract(epoch from deadline) * 1000)::bigint, 0), "
                    + "coalesce((extract(epoch from closed_at) * 1000)::bigint, 0) from license_move");
        } catch (SQLException e) {
            if (findings != null) {
                throw new IllegalStateException("the checkpoint could not read the database", e);
            }
            return false;
        }
        Map<String, List<String[]>> byUnits = new HashMap<>();
        for (String[] row : rows) {
            byUnits.computeIfAbsent(row[2] + ">" + row[3], k -> new ArrayList<>()).add(row);
        }
        boolean allEnded = true;
        int racesLostToDeadline = 0;
        if (findings != null) {
            Map<String, Integer> outcomes = new TreeMap<>();
            rows.forEach(row -> outcomes.merge(row[1] + " " + (row[4].isEmpty() ? "open" : row[4]), 1, Integer::sum));
            summary.put("movesByOutcome", outcomes);
        }
        synchronized (tracker) {
            Set<String> known = new HashSet<>();
            for (Model.Move move : model.moves) {
                String key = move.from + ">" + move.to;
                known.add(key);
                List<String[]> found = byUnits.getOrDefault(key, List.of());
                String what = (move.rmaReplacement ? "RMA replacement " : "move ") + key;
                if (found.size() != 1) {
                    allEnded = false;
                    if (findings != null) {
                        report(findings, found.isEmpty() ? Finding.LOST : Finding.DUPLICATED, "move " + key,
                                what + ": " + found.size() + " rows in license_move");
                    }
                    continue;
                }
                String[] row = found.getFirst();
                String outcome = row[4];
                Set<String> invoices = tracker.charged.getOrDefault(row[0], Set.of());
                Set<String> returnRefused = move.returnNotificationId == null ? null
                        : tracker.rmaRejections.get(move.returnNotificationId);
                String problem = null;
                Finding kind = Finding.WRONG;
                if (move.moveId != null && !move.moveId.equals(row[0])) {
                    problem = "id " + row[0] + " but the result said " + move.moveId;
                } else if (outcome.isEmpty()) {
                    allEnded = false;
                    problem = "no outcome";
                    kind = Finding.LOST;
                } else if (move.rmaReplacement) {
                    problem = outcome.equals("REPLACED") ? null : "outcome " + outcome + ", model REPLACED";
                } else if (outcome.equals("CHARGED")) {
                    if (invoices.isEmpty()) {
                        allEnded = false;
                        problem = "CHARGED but no MoveCharged published";
                        kind = Finding.LOST;
                    } else if (move.returnNotificationId != null && returnRefused == null) {
                        allEnded = false;
                        problem = "CHARGED although returned, and the return was not refused";
                    } else if (returnRefused != null && !returnRefused.equals(Set.of("MOVE_ALREADY_CHARGED"))) {
                        problem = "return refused with " + returnRefused;
                    }
                } else if (outcome.equals("RETURNED")) {
                    if (move.returnNotificationId == null) {
                        problem = "RETURNED but no return was reported";
                    } else if (!invoices.isEmpty()) {
                        problem = "RETURNED but invoiced by " + invoices;
                        kind = Finding.DUPLICATED;
                    } else if (returnRefused != null) {
                        problem = "RETURNED but the return was also refused: " + returnRefused;
                    }
                } else {
                    problem = "outcome " + outcome;
                }
                if (problem == null && findings != null && !move.rmaReplacement) {
                    Reminders.Problem reminded = tracker.reminders.check(row[0], outcome, Long.parseLong(row[5]),
                            Long.parseLong(row[6]), reminderOffsets());
                    if (reminded != null) {
                        kind = reminded.finding();
                        problem = reminded.text();
                    }
                }
                if (findings != null && move.returnNotificationId != null && outcome.equals("CHARGED")) {
                    racesLostToDeadline++;
                }
                if (problem != null && findings != null) {
                    report(findings, kind, "move " + key, what + ": " + problem);
                }
            }
            if (findings != null) {
                summary.put("returnsRefusedBecauseTheDeadlineWasFirst", racesLostToDeadline);
                summary.put("moveDeadlineReminders", tracker.reminders.summary(reminderOffsets()));
            }
            for (Map.Entry<String, List<String[]>> entry : byUnits.entrySet()) {
                if (!known.contains(entry.getKey()) && findings != null) {
                    report(findings, Finding.DUPLICATED, "move " + entry.getKey(), "a move the model does not know: "
                            + entry.getKey());
                }
            }
        }
        return allEnded;
    }

    private List<Duration> reminderOffsets() {
        return Reminders.offsetsFor(options.moveDeadlineSeconds());
    }

    private void report(Map<Finding, List<String>> findings, Finding finding, String subject, String text) {
        if (reported.add(subject)) {
            findings.get(finding).add(text);
        }
    }

    // ---- the load

    /** Starts a step for an idle account whenever the rate allows, and sends what earlier steps led to. */
    private final class LoadDriver implements Runnable {
        private final Random random = new Random(options.seed() + 1);
        private volatile boolean running = true;
        private volatile boolean paused = true;
        private volatile int badEvery;
        private volatile Throwable failure;

        @Override
        public void run() {
            long last = System.nanoTime();
            double tokens = 0;
            int sinceBad = 0;
            try {
                while (running) {
                    Tracker.Outgoing outgoing;
                    while ((outgoing = tracker.nextOutgoing()) != null) {
                        if (outgoing.step() != null) {
                            publish(outgoing.step());
                        } else {
                            producer.send(Topics.RMA_NOTIFICATIONS, outgoing.returnMac(), new RmaNotification(
                                    outgoing.notificationId(), outgoing.returnMac(), RmaEvent.RETURNED_TO_VENDOR,
                                    Instant.now()));
                        }
                    }
                    long now = System.nanoTime();
                    if (paused) {
                        tokens = 0;
                    } else {
                        tokens = Math.min(tokens + (now - last) / 1e9 * options.rate(), Math.max(1, options.rate() / 5));
                        while (tokens >= 1) {
                            Step step;
                            synchronized (tracker) {
                                Account account = tracker.idleAccount(random);
                                if (account == null) {
                                    break;
                                }
                                step = model.next(account, tracker.window);
                                tracker.sending(step);
                            }
                            publish(step);
                            tokens -= 1;
                            if (badEvery > 0 && ++sinceBad >= badEvery) {
                                badRecords.sendOne();
                                sinceBad = 0;
                            }
                        }
                    }
                    last = now;
                    if (producer.failure() != null) {
                        throw new IllegalStateException("the broker refused a record", producer.failure());
                    }
                    LockSupport.parkNanos(2_000_000L);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        void pause() {
            paused = true;
        }

        void resume() {
            paused = false;
        }

        void stop() {
            running = false;
        }

        void badRecordEvery(int requests) {
            badEvery = requests;
        }

        void checkHealthy() {
            if (failure != null) {
                throw new IllegalStateException("the load driver failed", failure);
            }
        }
    }

    /** Publishes a step (the tracker knows it is in flight). */
    private void publish(Step step) {
        Instant now = Instant.now();
        String messageId = switch (step.kind) {
            case "RmaReceivedForRepair" -> producer.send(Topics.RMA_NOTIFICATIONS, step.rmaUnit.mac,
                    new RmaNotification(step.id, step.rmaUnit.mac, RmaEvent.RECEIVED_FOR_REPAIR, now));
            case "EnableMoveContract" -> producer.send(Topics.ADMIN_COMMANDS, step.account.id,
                    new AdminCommand(step.id, "chaos-staff", now, step.command));
            default -> producer.send(Topics.LICENSE_REQUESTS, step.account.id,
                    new LicenseRequest(step.id, step.account.id, now, step.command));
        };
        synchronized (tracker) {
            step.messageId = messageId;
        }
    }

    /** Seeding: registers the step as in flight and publishes it (the caller holds the tracker's lock). */
    private void send(Step step) {
        tracker.sending(step);
        publish(step);
    }

    // ---- helpers

    private long sent() {
        synchronized (tracker) {
            return tracker.sent;
        }
    }

    private long count(String sql) {
        try {
            return database.count(sql);
        } catch (SQLException e) {
            return -1;
        }
    }

    private void loadFor(int seconds) {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            observer.checkHealthy();
            driver.checkHealthy();
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** An outage's duration: the fault itself, not a synchronisation. */
    private static void hold(int seconds) {
        LockSupport.parkNanos(Duration.ofSeconds(seconds).toNanos());
    }

    /** Polls {@code condition} every 100 ms until it holds, or fails after {@code timeout}. */
    private void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (observer != null) {
                observer.checkHealthy();
            }
            if (driver != null) {
                driver.checkHealthy();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    private boolean verdict() {
        return rows.size() >= Fault.values().length - 1 && rows.stream().allMatch(row -> ((Number) row.get("lost")).longValue() == 0
                && ((Number) row.get("duplicatedEffects")).longValue() == 0
                && ((Number) row.get("wrong")).longValue() == 0 && ((Number) row.get("unanswered")).longValue() == 0
                && row.get("recoverySeconds") != null);
    }

    private void printTable() {
        Console.print("");
        Console.print("| fault | in flight at the fault | answered after | waiting when healed | requests around it"
                + " | lost | duplicated effects | wrong | unanswered | recovery (fault → all results in) |");
        Console.print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map<String, Object> row : rows) {
            Object recovery = row.get("recoverySeconds");
            Object answered = row.get("inFlightAnsweredSeconds");
            Console.print(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    row.get("fault"), row.get("inFlightAtFault"), answered == null ? "-" : answered + " s",
                    row.get("waitingWhenHealed"), row.get("sentInWindow"), row.get("lost"), row.get("duplicatedEffects"),
                    row.get("wrong"), row.get("unanswered"), recovery == null ? "not recovered" : String.format(Locale.ROOT, "%.1f s",
                            ((Number) recovery).doubleValue())));
        }
        Console.print("");
    }

    /** The instances first, while the broker and the database they talk to are still up: a quick, clean stop. */
    private void stopInstances() {
        List<CompletableFuture<Void>> stopping = Arrays.stream(instances).filter(i -> i != null)
                .map(instance -> CompletableFuture.runAsync(instance::stop)).toList();
        stopping.forEach(CompletableFuture::join);
    }

    private void closeClients() {
        if (driver != null) {
            driver.stop();
        }
        for (AutoCloseable closeable : new AutoCloseable[]{observer, badRecords, producer, database}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // stopping anyway
                }
            }
        }
    }

    private static List<String> head(List<String> items) {
        return items.stream().limit(20).toList();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
