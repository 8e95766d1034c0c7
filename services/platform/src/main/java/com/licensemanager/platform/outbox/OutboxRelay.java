package com.licensemanager.platform.outbox;

import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.db.tables.records.OutboxRecord;
import com.licensemanager.platform.messaging.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.licensemanager.platform.db.Tables.OUTBOX;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker has acknowledged them.
 *
 * <p>The outbox is cut into {@code shards} by a stable hash of the message key, computed by PostgreSQL itself
 * ({@code hashtext}) so every instance and every version agrees on it. A shard is relayed under a transaction-scoped
 * advisory lock: one relay at a time per shard, rows in id order, so the events of one key leave in the order they
 * were committed, while relays of several service instances publish different shards at once. Each round takes, in
 * one transaction, up to half of the shards that have rows waiting (starting at a different one each round, skipping
 * those another instance holds), so one instance pays one commit per round rather than one per shard, and a second
 * instance still finds shards to publish. A lock ends with its transaction (or the connection of an instance that
 * died), so no shard stays with anyone. Every instance must use the same shard count: two counts at once would put
 * one key in two shards.
 *
 * <p>Publication is at-least-once: a crash between acknowledgement and delete republishes the same rows with the
 * same {@code ce_id}, which consumers deduplicate.
 *
 * <p>A row the broker or the registry will never accept (see {@link PublicationRefusals}) is parked with an alert
 * ({@link ParkedEvents}) and the rows behind it go on: one account's oversize event must not stop every answer.
 * Any other failure keeps the failing shard's rows of the round for the next attempt, as a parked row would if it
 * were retried; the other shards' rows leave.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /**
     * Arbitrary but fixed: the first key of the (int, int) advisory locks of the shards, the shard number the second.
     * A key space apart from the single-bigint locks (retention's), so they never meet.
     */
    static final int RELAY_LOCK_CLASS = 0x4C4D_524C; // "LMRL"
    /** The shards with rows waiting are looked for among this many oldest rows: bounded work while a backlog drains. */
    private static final int SHARD_LOOKAHEAD = 10_000;
    /** Built once: a type made per call (as {@code Long[]} is typed at each bind) cost the relay's thread CPU. */
    private static final DataType<Long[]> OUTBOX_IDS = SQLDataType.BIGINT.array();
    private static final DataType<Integer[]> SHARDS = SQLDataType.INTEGER.array();
    /** The shard a round's row belongs to, as the row statement answers it. */
    private static final Field<Integer> SHARD = DSL.field(DSL.name("shard"), Integer.class);

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final KafkaOperations<String, byte[]> kafka;
    private final RegistryFrames frames;
    private final ParkedEvents parked;
    private final OutboxSignal signal;
    private final int shards;
    /**
     * The most shards one round (one transaction) takes: half of them, so that a second instance always finds shards
     * to publish while this one's round awaits the broker.
     */
    private final int shardsPerRound;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration sendTimeout;

    private final Counter published;
    /**
     * {@link #lockShardsSql} and {@link #rowsOfShardsSql} for this relay: fixed texts, which the driver prepares on
     * the server once per pooled connection.
     */
    private final String lockShards;
    private final String rowsOfShards;
    /** The types of the round's columns: the outbox's, then the shard. */
    private final Field<?>[] roundFields;

    private volatile boolean running;
    private Thread worker;
    /** The shard the next round tries first (modulo the count): instances start apart and move on each round. */
    private int nextStart = ThreadLocalRandom.current().nextInt(1 << 16);

    /**
     * @param kafka              sends the framed payloads as they are
     * @param registrySerializer the registry's Avro serializer, asked once per topic and event type for its frame
     * @param registryTimeout    how long one relay attempt waits for the registry to resolve a schema
     * @param shards             how many shards the outbox is cut into: the most instances that can publish at once
     */
    public OutboxRelay(DSLContext db, TransactionTemplate transactions, KafkaOperations<String, byte[]> kafka,
                       Serializer<Object> registrySerializer, Duration registryTimeout,
                       OutboxSignal signal, int shards, int batchSize, Duration pollInterval, Duration sendTimeout,
                       MeterRegistry meters) {
        if (shards < 1) {
            throw new IllegalArgumentException("the outbox needs at least one shard, not " + shards);
        }
        this.db = db;
        this.transactions = transactions;
        this.kafka = kafka;
        this.frames = new RegistryFrames(registrySerializer, registryTimeout);
        this.parked = new ParkedEvents(db, meters);
        this.signal = signal;
        this.shards = shards;
        this.shardsPerRound = Math.max(1, shards / 2);
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.sendTimeout = sendTimeout;
        this.lockShards = lockShardsSql(shards, shardsPerRound);
        this.rowsOfShards = rowsOfShardsSql(shards);
        this.roundFields = Stream.concat(Arrays.stream(OUTBOX.fields()), Stream.of(SHARD)).toArray(Field<?>[]::new);
        this.published = Counter.builder("licensing.outbox.published")
                .description("outbox events this instance's relay published (the broker acknowledged them)")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::relayUntilStopped);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the listeners (which stop at a lower phase value later) so their last events still leave. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private void relayUntilStopped() {
        Duration failureBackOff = Duration.ZERO;
        while (running) {
            try {
                Round round = relayRound();
                failureBackOff = Duration.ZERO;
                if (!round.batchFull()) {
                    signal.await(pollInterval);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failureBackOff = failureBackOff.isZero() ? Duration.ofMillis(200)
                        : min(failureBackOff.multipliedBy(2), Duration.ofSeconds(5));
                Throwable root = TransientFailures.rootCause(e);
                log.warn("outbox relay failed, retrying in {} ms: {}", failureBackOff.toMillis(),
                        root == e ? e.toString() : e + " (caused by " + root + ")");
                log.debug("outbox relay failure", e);
                try {
                    Thread.sleep(failureBackOff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** What one round did: rows handled, and whether it took a full batch (so more may be waiting). */
    record Round(int relayed, boolean batchFull) {
    }

    /** One round; answers how many rows it handled (0 when other instances hold every waiting shard). */
    int relayOneRound() {
        return relayRound().relayed();
    }

    /**
     * One round: in one transaction, locks up to {@link #shardsPerRound} of the shards with rows waiting (those no
     * other instance holds) in one statement and reads up to a batch of their rows, oldest first, in another; sends
     * them, awaits every acknowledgement, deletes what left and commits: four round trips to PostgreSQL (more only when a row is
     * parked). One commit per round, however many shards the rows came from: at light load a
     * request's result and state usually sit in different shards, and a commit per shard (each after its own
     * acknowledgements) made them wait for one another. A shard whose send failed keeps all its rows of the round,
     * the other shards' rows leave; the failure is thrown after the commit so the loop backs off.
     */
    Round relayRound() {
        Outcome outcome = transactions.execute(status -> relayHeldShards());
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return new Round(outcome.rows(), outcome.rows() == batchSize);
    }

    /** What a round's transaction did: the rows it took, and the first send failure (whose shards kept their rows). */
    private record Outcome(int rows, RuntimeException failure) {
    }

    private Outcome relayHeldShards() {
        Integer[] held = db.resultQuery(lockShards, DSL.val(SHARD_LOOKAHEAD),
                        DSL.val(Math.floorMod(nextStart++, shards))).fetchArray(0, Integer.class);
        if (held.length == 0) {
            return new Outcome(0, null);
        }
        List<HeldRow> rows = db.resultQuery(rowsOfShards, DSL.val(held, SHARDS), DSL.val(batchSize)).coerce(roundFields)
                .fetch(record -> new HeldRow(record.into(OUTBOX), record.get(SHARD)));
        if (rows.isEmpty()) {
            return new Outcome(0, null);
        }
        Publication publication = publishAndAwait(rows);
        List<Long> done = new ArrayList<>();
        int refused = 0;
        for (HeldRow row : rows) {
            if (publication.failedShards().contains(row.shard())) {
                continue;
            }
            Throwable why = publication.refused().get(row.row().getId());
            if (why != null) {
                parked.park(row.row(), why);
                refused++;
            }
            done.add(row.row().getId());
        }
        if (!done.isEmpty()) {
            db.execute("delete from outbox where id = any({0})", DSL.val(done.toArray(Long[]::new), OUTBOX_IDS));
        }
        published.increment(done.size() - refused);
        return new Outcome(rows.size(), publication.failure());
    }

    /**
     * The shard of a message key: PostgreSQL's own stable text hash, made non-negative, modulo the shard count.
     * Computed in the query rather than stored, so every row has one whoever inserted it (the runbook moves parked
     * rows back by SQL) and the count can change without a migration.
     */
    private static String shardOf(int shards) {
        return "mod(hashtext(message_key) & 2147483647, " + shards + ")";
    }

    /**
     * A round's locks, in one statement: the shards with rows among the oldest {@value #SHARD_LOOKAHEAD} (the first
     * parameter), tried in turn from the round's starting shard (the second) on; answers those whose advisory lock this
     * transaction got, no more than {@code shardsPerRound}, held until it ends. The shards are tried one at a time,
     * in order: {@code OFFSET 0} keeps PostgreSQL from pushing the lock filter below the sort (without it every
     * waiting shard was locked, and a second instance found none free), and the LIMIT stops the filter once enough
     * are held.
     *
     * <p>The rows are read by a statement of their own: under READ COMMITTED a statement sees what was committed
     * when it began, so one that took a lock and read the rows in one go saw the rows another instance had just
     * published and deleted, committing as it released the lock, and published them again (found by
     * {@code OutboxRelayScaleOutTest}).
     */
    private static String lockShardsSql(int shards, int shardsPerRound) {
        return "select shard from (select shard from (select distinct " + shardOf(shards) + " as shard"
                + " from (select message_key from outbox order by id limit ?) as oldest)"
                + " as waiting order by mod(shard - ? + " + shards + ", " + shards + ") offset 0) as rotated"
                + " where pg_try_advisory_xact_lock(" + RELAY_LOCK_CLASS + ", shard) limit " + shardsPerRound;
    }

    /**
     * Up to a batch (the second parameter) of the rows of the held shards (the first), oldest first, each with its
     * shard.
     *
     * <p>Both statements' row limits are parameters, not literals: the driver prepares the texts once and PostgreSQL
     * plans them once, generically. With a literal limit above the rows it believed the outbox held (few, after
     * autovacuum's last count), it planned a sequential scan and sort of the whole table, heap pages of deleted rows
     * included: 2,200 pages and 2 ms per statement at 2 % of the maximum rate in the benchmark, against an index scan
     * in id order that stops at the limit.
     */
    private static String rowsOfShardsSql(int shards) {
        String columns = Arrays.stream(OUTBOX.fields()).map(Field::getName).collect(Collectors.joining(", "));
        return "select " + columns + ", " + shardOf(shards) + " as shard from outbox"
                + " where " + shardOf(shards) + " = any(?) order by id limit ?";
    }

    /** An outbox row and its shard, as the round read them. */
    private record HeldRow(OutboxRecord row, int shard) {
    }

    /**
     * What a round's sends came to: the rows the broker or registry will never accept (by outbox id, with why), the
     * shards that must keep their rows for the next round because a send failed otherwise, and the first such failure.
     */
    private record Publication(Map<Long, Throwable> refused, Set<Integer> failedShards, RuntimeException failure) {
    }

    /**
     * Sends the rows and waits for every acknowledgement. Once a row of a shard could not even be sent (the registry
     * is away), the shard's later rows are not sent either: the shard keeps them all, and its keys stay in order.
     */
    private Publication publishAndAwait(List<HeldRow> rows) {
        Map<Long, Throwable> refused = new LinkedHashMap<>();
        Set<Integer> failedShards = new HashSet<>();
        RuntimeException failure = null;
        List<Map.Entry<HeldRow, CompletableFuture<SendResult<String, byte[]>>>> sends = new ArrayList<>();
        for (HeldRow row : rows) {
            if (failedShards.contains(row.shard())) {
                continue;
            }
            ProducerRecord<String, byte[]> record;
            try {
                record = toProducerRecord(row.row());
            } catch (RuntimeException e) {
                if (PublicationRefusals.isPermanent(e)) {
                    refused.put(row.row().getId(), e);
                } else {
                    failedShards.add(row.shard());
                    failure = failure == null ? e : failure;
                }
                continue;
            }
            CompletableFuture<SendResult<String, byte[]>> send;
            try {
                send = kafka.send(record);
            } catch (RuntimeException e) {
                send = CompletableFuture.failedFuture(e);
            }
            sends.add(Map.entry(row, send));
        }
        try {
            CompletableFuture.allOf(sends.stream().map(send -> send.getValue().exceptionally(ignored -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker's acknowledgements", e);
        } catch (Exception e) {
            throw new IllegalStateException("broker did not acknowledge " + rows.size() + " outbox events", e);
        }
        for (var send : sends) {
            Throwable sendFailure = send.getValue().handle((result, f) -> f).join();
            if (sendFailure == null) {
                continue;
            }
            if (PublicationRefusals.isPermanent(sendFailure)) {
                refused.put(send.getKey().row().getId(), sendFailure);
            } else {
                failedShards.add(send.getKey().shard());
                if (failure == null) {
                    failure = new IllegalStateException("broker did not acknowledge outbox event "
                            + send.getKey().row().getId(), sendFailure);
                }
            }
        }
        log.debug("relayed {} outbox events up to id {}, shards kept for a retry: {}", rows.size(),
                rows.getLast().row().getId(), failedShards);
        return new Publication(refused, failedShards, failure);
    }

    private ProducerRecord<String, byte[]> toProducerRecord(OutboxRecord row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.getTopic(), row.getMessageKey(),
                frames.framed(row.getTopic(), row.getEventType(), row.getPayload()));
        new Envelope(row.getEventId().toString(), row.getEventType(), row.getSource(),
                row.getOccurredAt().toInstant(), row.getCorrelationId(), row.getCausationId())
                .writeTo(record.headers());
        return record;
    }


    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
