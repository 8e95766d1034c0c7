package com.licensemanager.platform.outbox;

import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.db.tables.records.OutboxRecord;
import com.licensemanager.platform.messaging.Envelope;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.jooq.DSLContext;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.licensemanager.platform.db.Tables.OUTBOX;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once the broker has acknowledged them.
 *
 * <p>Several service instances may run a relay; a transaction-scoped advisory lock lets one of them relay at a
 * time, so events of one key leave in the order they were committed. Publication is at-least-once: a crash between
 * acknowledgement and delete republishes the same rows with the same {@code ce_id}, which consumers deduplicate.
 *
 * <p>A row the broker or the registry will never accept (see {@link PublicationRefusals}) is parked with an alert
 * ({@link ParkedEvents}) and the rows behind it go on: one account's oversize event must not stop every answer.
 * Any other failure keeps the whole batch for the next attempt, as a parked row would if it were retried.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Arbitrary but fixed: the advisory lock id all relays of this database agree on. */
    private static final long RELAY_LOCK_ID = 0x4C4D_5245_4C41_59L;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final KafkaOperations<String, byte[]> kafka;
    private final RegistryFrames frames;
    private final ParkedEvents parked;
    private final OutboxSignal signal;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration sendTimeout;

    private volatile boolean running;
    private Thread worker;

    /**
     * @param kafka              sends the framed payloads as they are
     * @param registrySerializer the registry's Avro serializer, asked once per topic and event type for its frame
     * @param registryTimeout    how long one relay attempt waits for the registry to resolve a schema
     */
    public OutboxRelay(DSLContext db, TransactionTemplate transactions, KafkaOperations<String, byte[]> kafka,
                       Serializer<Object> registrySerializer, Duration registryTimeout,
                       OutboxSignal signal, int batchSize, Duration pollInterval, Duration sendTimeout,
                       MeterRegistry meters) {
        this.db = db;
        this.transactions = transactions;
        this.kafka = kafka;
        this.frames = new RegistryFrames(registrySerializer, registryTimeout);
        this.parked = new ParkedEvents(db, meters);
        this.signal = signal;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.sendTimeout = sendTimeout;
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
                int relayed = relayOneBatch();
                failureBackOff = Duration.ZERO;
                if (relayed < batchSize) {
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

    /** Relays up to one batch; answers how many rows it handled (0 when another instance holds the relay). */
    int relayOneBatch() {
        Integer relayed = transactions.execute(status -> {
            Boolean leader = db.select(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, DSL.val(RELAY_LOCK_ID)))
                    .fetchOne(0, Boolean.class);
            if (!Boolean.TRUE.equals(leader)) {
                return 0;
            }
            Result<OutboxRecord> rows = db.selectFrom(OUTBOX).orderBy(OUTBOX.ID).limit(batchSize).fetch();
            if (rows.isEmpty()) {
                return 0;
            }
            Map<OutboxRecord, Throwable> refused = publishAndAwait(rows);
            refused.forEach(parked::park);
            db.deleteFrom(OUTBOX).where(OUTBOX.ID.in(rows.getValues(OUTBOX.ID))).execute();
            return rows.size();
        });
        return relayed == null ? 0 : relayed;
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
