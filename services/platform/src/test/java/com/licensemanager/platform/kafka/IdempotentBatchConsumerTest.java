package com.licensemanager.platform.kafka;

import com.licensemanager.platform.PlatformDatabase;
import com.licensemanager.platform.failures.InfrastructureUnavailableException;
import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxSignal;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.schemas.repair.RmaNotification;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.licensemanager.platform.db.Tables.INBOX;
import static com.licensemanager.platform.db.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The batch consumer against a real PostgreSQL and hand-built records with the envelope headers producers send:
 * no broker, no registry. Each test feeds a batch of repair-desk notifications, as the container would, to a
 * handler that rejects each one (one event per notification), and reads the inbox and the outbox to see what
 * was committed.
 */
class IdempotentBatchConsumerTest {

    private static final String CONSUMER = "rma-notifications";
    private static final String TOPIC = Topics.RMA_NOTIFICATIONS;
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @RegisterExtension
    static final PlatformDatabase database = new PlatformDatabase();
    private DSLContext db;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RejectEveryNotification handler = new RejectEveryNotification();
    private IdempotentBatchConsumer<RmaNotification> consumer;

    @BeforeEach
    void newConsumer() {
        db = database.db();
        consumer = new IdempotentBatchConsumer<>(CONSUMER, RmaNotification.class, handler, database.transactions(),
                new Inbox(db), new Outbox(db, new OutboxSignal()), "license-manager", Clock.fixed(NOW, ZoneOffset.UTC),
                meters);
    }

    @Test
    void aBatchIsAppliedInOneTransactionWithItsInboxRowsAndEvents() {
        consumer.accept(List.of(notification(10, "n-1"), notification(11, "n-2"), notification(12, "n-3")));

        assertThat(handler.handled).containsExactly("n-1", "n-2", "n-3");
        // One transaction for the batch is the consumer's performance contract: one commit for many messages.
        assertThat(handler.transactionIds).hasSize(3).containsOnly(handler.transactionIds.getFirst());
        assertThat(handler.batches).containsExactly(List.of("n-1", "n-2", "n-3"));
        assertThat(inbox()).containsExactly("n-1", "n-2", "n-3");
        assertThat(eventsCausedBy()).containsExactly("n-1", "n-2", "n-3");
        // Events carry the lineage of the message that caused them, read from its envelope.
        assertThat(db.select(OUTBOX.CORRELATION_ID, OUTBOX.SOURCE, OUTBOX.TOPIC, OUTBOX.EVENT_TYPE).from(OUTBOX)
                .orderBy(OUTBOX.ID).limit(1).fetchOne().intoList())
                .containsExactly("order-of-n-1", "license-manager", Topics.RMA_REJECTIONS,
                        RmaNotificationRejected.getClassSchema().getFullName());
    }

    @Test
    void redeliveredMessagesAreSkippedAndCountedAsDuplicates() {
        consumer.accept(List.of(notification(10, "n-1"), notification(11, "n-2")));

        // The same messages again (as after a rebalance before the offset commit), now followed by a new one.
        consumer.accept(List.of(notification(10, "n-1"), notification(11, "n-2"), notification(12, "n-3")));

        assertThat(handler.handled).containsExactly("n-1", "n-2", "n-3");
        assertThat(handler.batches).containsExactly(List.of("n-1", "n-2"), List.of("n-3"));
        assertThat(eventsCausedBy()).containsExactly("n-1", "n-2", "n-3");
        assertThat(meters.get("licensing.consumer.duplicates").tag("consumer", CONSUMER).counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void aMessageRepublishedAtAnotherOffsetIsStillTheSameMessage() {
        consumer.accept(List.of(notification(10, "n-1")));

        // A producer that retried its send wrote the message twice; the id, not the offset, identifies it.
        consumer.accept(List.of(notification(57, "n-1")));

        assertThat(handler.handled).containsExactly("n-1");
        assertThat(eventsCausedBy()).containsExactly("n-1");
    }

    @Test
    void aFailingNotificationIsFoundRecordByRecordAfterTheGoodOnesBeforeItAreCommitted() {
        // A statement error aborts the PostgreSQL transaction of the whole batch, as a record's bad data would.
        handler.failOn("n-3", () -> db.execute("select 1 / 0"));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(List.of(notification(10, "n-1"), notification(11, "n-2"),
                        notification(12, "n-3"), notification(13, "n-4"))));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(TransientFailures.isTransient(failure)).isFalse();
        assertThat(inbox()).containsExactly("n-1", "n-2");
        assertThat(eventsCausedBy()).containsExactly("n-1", "n-2");
        // The batch attempt reached n-3, then the search went record by record and stopped at the culprit.
        assertThat(handler.handled).containsExactly("n-1", "n-2", "n-3", "n-1", "n-2", "n-3");
    }

    @Test
    void aBatchIsFlushedOnceAfterItsLastMessageAndAFailedOneIsRedoneRecordByRecordEachWithANewBatch() {
        List<String> steps = new ArrayList<>();
        BatchHandler<RmaNotification> flushing = messages -> {
            List<String> ids = messages.stream().map(message -> message.envelope().id()).toList();
            steps.add("open " + ids);
            return MessageBatch.of((message, events) -> {
                steps.add("handle " + message.envelope().id());
                handler.handle(message, events);
            }, () -> {
                steps.add("flush " + ids);
                // A set-based write of the whole batch fails for n-3's sake, as a conflicting row would.
                if (ids.contains("n-3")) {
                    db.execute("select 1 / 0");
                }
                return List.of();
            });
        };
        consumer = new IdempotentBatchConsumer<>(CONSUMER, RmaNotification.class, flushing, database.transactions(),
                new Inbox(db), new Outbox(db, new OutboxSignal()), "license-manager", Clock.fixed(NOW, ZoneOffset.UTC),
                meters);

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(List.of(notification(10, "n-1"), notification(11, "n-2"),
                        notification(12, "n-3"), notification(13, "n-4"))));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(steps).containsExactly(
                "open [n-1, n-2, n-3, n-4]", "handle n-1", "handle n-2", "handle n-3", "handle n-4",
                "flush [n-1, n-2, n-3, n-4]",
                "open [n-1]", "handle n-1", "flush [n-1]",
                "open [n-2]", "handle n-2", "flush [n-2]",
                "open [n-3]", "handle n-3", "flush [n-3]");
        assertThat(inbox()).containsExactly("n-1", "n-2");
        assertThat(eventsCausedBy()).containsExactly("n-1", "n-2");
    }

    @Test
    void aDroppedDatabaseConnectionRetriesTheWholeBatchAndCommitsNothing() {
        // PostgreSQL ends the session (SQLSTATE 57P01), as when the server restarts under load.
        handler.failOn("n-2", () -> db.execute("select pg_terminate_backend(pg_backend_pid())"));
        List<ConsumerRecord<String, Object>> batch = List.of(notification(10, "n-1"), notification(11, "n-2"),
                notification(12, "n-3"));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(batch));

        // Index 0: the error handler retries from the first record; the records are fine, nothing is dead-lettered.
        assertThat(failure.getIndex()).isZero();
        assertThat(TransientFailures.isTransient(failure)).isTrue();
        assertThat(inbox()).isEmpty();
        assertThat(eventsCausedBy()).isEmpty();
        // No record-by-record search: it would only hit the same unavailable database once per record.
        assertThat(handler.handled).containsExactly("n-1", "n-2");

        handler.failures.clear();
        consumer.accept(batch);

        assertThat(inbox()).containsExactly("n-1", "n-2", "n-3");
        assertThat(eventsCausedBy()).containsExactly("n-1", "n-2", "n-3");
    }

    @Test
    void aRecordOfAnotherTypeFailsAtItsIndexAfterTheDecodablePrefixIsApplied() {
        ConsumerRecord<String, Object> foreign = record(12, "n-3", "a string where a notification belongs");

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(List.of(notification(10, "n-1"), notification(11, "n-2"), foreign,
                        notification(13, "n-4"))));

        assertThat(failure.getIndex()).isEqualTo(2);
        // Not retryable: KafkaErrorHandling dead-letters it at once.
        assertThat(failure.getCause()).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("java.lang.String");
        assertThat(inbox()).containsExactly("n-1", "n-2");
        assertThat(eventsCausedBy()).containsExactly("n-1", "n-2");
        assertThat(handler.handled).doesNotContain("n-4");
    }

    @Test
    void aTombstoneIsUndecodable() {
        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(List.of(record(10, "n-1", null))));

        assertThat(failure.getIndex()).isZero();
        assertThat(failure.getCause()).isInstanceOf(UndecodableMessageException.class)
                .hasMessageContaining("tombstone");
        assertThat(handler.handled).isEmpty();
    }

    @Test
    void bytesTheDeserializerRejectedFailAtTheirIndexWithTheDeserializersException() {
        ConsumerRecord<String, Object> garbled = decodedBy(failingWith(new IllegalArgumentException(
                "not Avro: unknown magic byte")), 11, "n-2");

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(List.of(notification(10, "n-1"), garbled, notification(12, "n-3"))));

        assertThat(failure.getIndex()).isEqualTo(1);
        assertThat(failure.getCause()).isInstanceOf(DeserializationException.class);
        assertThat(TransientFailures.isTransient(failure)).isFalse();
        assertThat(inbox()).containsExactly("n-1");
    }

    @Test
    void aRecordThatCouldNotBeDecodedBecauseTheRegistryIsUnreachableWaitsForTheRegistry() {
        // The registry's own deserializer, asked for a schema id it has not cached, with no registry listening.
        AvroKafkaDeserializer<Object> registryDeserializer = new AvroKafkaDeserializer<>();
        registryDeserializer.configure(Map.of(
                "apicurio.registry.url", "http://127.0.0.1:" + closedPort() + "/apis/registry/v3",
                "apicurio.registry.use-specific-avro-reader", true), false);
        ConsumerRecord<String, Object> waitingForSchema = decodedBy(registryDeserializer, 11, "n-2");

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> consumer.accept(List.of(notification(10, "n-1"), waitingForSchema)));

        assertThat(failure.getIndex()).isEqualTo(1);
        // Retried until the registry is back, never dead-lettered: the record itself is fine.
        assertThat(failure.getCause()).isInstanceOf(InfrastructureUnavailableException.class);
        assertThat(TransientFailures.isTransient(failure)).isTrue();
        assertThat(inbox()).containsExactly("n-1");
    }

    // --- records as the container hands them over ---------------------------------------------------------------

    private static ConsumerRecord<String, Object> notification(long offset, String messageId) {
        RmaNotification value = RmaNotification.newBuilder().setNotificationId(messageId)
                .setMac("00-90-33-00-00-" + offset).setEvent(RmaEvent.RECEIVED_FOR_REPAIR).setOccurredAt(NOW).build();
        return record(offset, messageId, value);
    }

    private static ConsumerRecord<String, Object> record(long offset, String messageId, Object value) {
        ConsumerRecord<String, Object> record = new ConsumerRecord<>(TOPIC, 0, offset, "00-90-33-00-00-" + offset,
                value);
        new Envelope(messageId, RmaNotification.getClassSchema().getFullName(), "repair-desk", NOW,
                "order-of-" + messageId, null).writeTo(record.headers());
        return record;
    }

    /** What the container delivers when the configured ErrorHandlingDeserializer's delegate failed on the bytes. */
    private static ConsumerRecord<String, Object> decodedBy(Deserializer<Object> delegate, long offset,
                                                            String messageId) {
        ConsumerRecord<String, Object> record = record(offset, messageId, null);
        // Confluent wire format: magic byte 0, schema id 1, then a body that is never reached.
        byte[] bytes = {0, 0, 0, 0, 1, 2, 4, 6};
        try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>(delegate)) {
            Object value = deserializer.deserialize(TOPIC, record.headers(), bytes);
            assertThat(value).as("the delegate's failure becomes a null value and a header").isNull();
        }
        return record;
    }

    private static Deserializer<Object> failingWith(RuntimeException failure) {
        return (topic, data) -> {
            throw failure;
        };
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- what was committed ----------------------------------------------------------------------------------------

    private List<String> inbox() {
        return db.select(INBOX.MESSAGE_ID).from(INBOX).where(INBOX.CONSUMER.eq(CONSUMER))
                .orderBy(INBOX.RECORD_OFFSET).fetch(INBOX.MESSAGE_ID);
    }

    /** The message ids whose events reached the outbox, in outbox order. */
    private List<String> eventsCausedBy() {
        return db.select(OUTBOX.CAUSATION_ID).from(OUTBOX).orderBy(OUTBOX.ID).fetch(OUTBOX.CAUSATION_ID);
    }

    /**
     * Stands in for a feature's decisions: rejects every notification with one event. Remembers what it handled and
     * in which database transaction, and can be told to fail on a message.
     */
    private final class RejectEveryNotification implements MessageHandler<RmaNotification> {

        final List<String> handled = new ArrayList<>();
        final List<Long> transactionIds = new ArrayList<>();
        final List<List<String>> batches = new ArrayList<>();
        final Map<String, Runnable> failures = new HashMap<>();

        void failOn(String messageId, Runnable failure) {
            failures.put(messageId, failure);
        }

        @Override
        public MessageBatch<RmaNotification> openBatch(List<InboundMessage<RmaNotification>> messages) {
            batches.add(messages.stream().map(message -> message.envelope().id()).toList());
            return this::handle;
        }

        @Override
        public void handle(InboundMessage<RmaNotification> message, OutgoingEvents events) {
            handled.add(message.envelope().id());
            transactionIds.add(db.select(DSL.field("txid_current()", Long.class)).fetchOne(0, Long.class));
            failures.getOrDefault(message.envelope().id(), () -> { }).run();
            RmaNotification notification = message.payload();
            events.publish(Topics.RMA_REJECTIONS, message.key(), RmaNotificationRejected.newBuilder()
                    .setNotificationId(notification.getNotificationId()).setMac(notification.getMac())
                    .setEvent(notification.getEvent()).setRejectedAt(NOW)
                    .setRejections(List.of(Rejection.newBuilder().setReason("UNIT_UNKNOWN")
                            .setMessage("no unit with this MAC").build()))
                    .build());
        }
    }
}
