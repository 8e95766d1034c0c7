package com.licensemanager.platform.outbox;

import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.db.tables.records.OutboxRecord;
import com.licensemanager.platform.messaging.Envelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static com.licensemanager.platform.db.Tables.OUTBOX;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker has acknowledged them.
 *
 * <p>The outbox is cut into {@code shards} by a stable hash of the message key, computed by PostgreSQL itself
 * ({@code hashtext}) so every instance and every version agrees on it. Each shard is relayed in its own
 * transaction under its own transaction-scoped advisory lock: one relay at a time per shard, rows in id order, so
 * the events of one key leave in the order they were committed, while relays of several service instances publish
 * different shards at once. An instance tries the shards that have rows waiting, starting at a different one each
 * round, and skips those another instance holds; a lock ends with its transaction (or the connection of an instance
 * that died), so no shard stays with anyone. Every instance must use the same shard count: two counts at once
 * would put one key in two shards.
 *
 * <p>Publication is at-least-once: a crash between acknowledgement and delete republishes the same rows with the
 * same {@code ce_id}, which consumers deduplicate.
 *
 * <p>A row the broker or the registry will never accept (see {@link PublicationRefusals}) is parked with an alert
 * ({@link ParkedEvents}) and the rows behind it go on: one account's oversize event must not stop every answer.
 * Any other failure keeps the shard's whole batch for the next attempt, as a parked row would if it were retried;
 * the other shards go on meanwhile.
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
    private static final Field<String> WAITING_KEY = DSL.field(DSL.name("waiting", OUTBOX.MESSAGE_KEY.getName()),
            String.class);

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final KafkaOperations<String, byte[]> kafka;
    private final RegistryFrames frames;
    private final ParkedEvents parked;
    private final OutboxSignal signal;
    private final int shards;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration sendTimeout;

    private final Counter published;

    private volatile boolean running;
    private Thread worker;
    /** Where the next round starts among the waiting shards: instances start apart and move on each round. */
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
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.sendTimeout = sendTimeout;
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
                if (!round.anyBatchFull()) {
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

    /** What one round did: rows handled, and whether a shard had a full batch (so more may be waiting). */
    record Round(int relayed, boolean anyBatchFull) {
    }

    /** One round; answers how many rows it handled (0 when other instances hold every waiting shard). */
    int relayOneBatchPerShard() {
        return relayRound().relayed();
    }

    /**
     * Relays up to one batch of every shard with rows waiting whose lock this instance gets. A shard that fails
     * keeps its rows; the others go on, and the first failure is thrown at the end so the loop backs off.
     */
    Round relayRound() {
        List<Integer> waiting = new ArrayList<>(db.selectDistinct(shardOf(WAITING_KEY)).from(DSL.select(OUTBOX.MESSAGE_KEY).from(OUTBOX)
                        .orderBy(OUTBOX.ID).limit(SHARD_LOOKAHEAD).asTable("waiting"))
                .fetch(0, Integer.class));
        waiting.sort(null);
        int relayed = 0;
        boolean anyBatchFull = false;
        RuntimeException failure = null;
        int start = waiting.isEmpty() ? 0 : Math.floorMod(nextStart++, waiting.size());
        for (int i = 0; i < waiting.size(); i++) {
            int shard = waiting.get((start + i) % waiting.size());
            try {
                int batch = relayBatchOf(shard);
                relayed += batch;
                anyBatchFull |= batch == batchSize;
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Round(relayed, anyBatchFull);
    }

    /** Relays up to one batch of one shard; answers how many rows it handled (0 when another instance holds it). */
    private int relayBatchOf(int shard) {
        Integer relayed = transactions.execute(status -> {
            Boolean mine = db.select(DSL.field("pg_try_advisory_xact_lock({0}, {1})", Boolean.class,
                    DSL.val(RELAY_LOCK_CLASS), DSL.val(shard))).fetchOne(0, Boolean.class);
            if (!Boolean.TRUE.equals(mine)) {
                return 0;
            }
            Result<OutboxRecord> rows = db.selectFrom(OUTBOX).where(shardOf(OUTBOX.MESSAGE_KEY).eq(shard))
                    .orderBy(OUTBOX.ID).limit(batchSize).fetch();
            if (rows.isEmpty()) {
                return 0;
            }
            Map<OutboxRecord, Throwable> refused = publishAndAwait(rows);
            refused.forEach(parked::park);
            db.deleteFrom(OUTBOX).where(OUTBOX.ID.in(rows.getValues(OUTBOX.ID))).execute();
            published.increment(rows.size() - refused.size());
            return rows.size();
        });
        return relayed == null ? 0 : relayed;
    }

    /**
     * The shard of a message key: PostgreSQL's own stable text hash, made non-negative, modulo the shard count.
     * Computed in the query rather than stored, so every row has one whoever inserted it (the runbook moves parked
     * rows back by SQL) and the count can change without a migration.
     */
    private Field<Integer> shardOf(Field<String> messageKey) {
        return DSL.field("mod(hashtext({0}) & 2147483647, {1})", Integer.class, messageKey, DSL.inline(shards));
    }

    /**
     * Sends the rows and waits for every acknowledgement. Answers the rows that can never be published, with why;
     * throws (and so keeps every row for the next attempt) if any other send failed.
     */
    private Map<OutboxRecord, Throwable> publishAndAwait(Result<OutboxRecord> rows) {
        Map<OutboxRecord, Throwable> refused = new LinkedHashMap<>();
        Map<OutboxRecord, CompletableFuture<SendResult<String, byte[]>>> sends = new LinkedHashMap<>();
        for (OutboxRecord row : rows) {
            ProducerRecord<String, byte[]> record;
            try {
                record = toProducerRecord(row);
            } catch (RuntimeException e) {
                if (!PublicationRefusals.isPermanent(e)) {
                    throw e;
                }
                refused.put(row, e);
                continue;
            }
            CompletableFuture<SendResult<String, byte[]>> send;
            try {
                send = kafka.send(record);
            } catch (RuntimeException e) {
                send = CompletableFuture.failedFuture(e);
            }
            sends.put(row, send);
        }
        try {
            CompletableFuture.allOf(sends.values().stream().map(f -> f.exceptionally(failure -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker's acknowledgements", e);
        } catch (Exception e) {
            throw new IllegalStateException("broker did not acknowledge " + rows.size() + " outbox events", e);
        }
        RuntimeException retry = null;
        for (var send : sends.entrySet()) {
            Throwable failure = send.getValue().handle((result, f) -> f).join();
            if (failure == null) {
                continue;
            }
            if (PublicationRefusals.isPermanent(failure)) {
                refused.put(send.getKey(), failure);
            } else if (retry == null) {
                retry = new IllegalStateException("broker did not acknowledge outbox event " + send.getKey().getId(),
                        failure);
            }
        }
        if (retry != null) {
            throw retry;
        }
        log.debug("relayed {} outbox events up to id {}", rows.size() - refused.size(), rows.get(rows.size() - 1).getId());
        return refused;
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
