package com.licensemanager.platform.kafka;

import com.licensemanager.platform.failures.InfrastructureUnavailableException;
import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Applies a batch of records with exactly-once effects: one database transaction per batch records every message
 * id in the inbox, applies the handler's change and writes its events to the outbox.
 *
 * <p>One transaction per batch is what makes the consumer fast (one commit, one fsync, for hundreds of messages).
 * If the batch fails, it is applied again record by record to find the culprit, committing the good records before
 * it; the culprit is then reported to the container's error handler by its index
 * ({@link BatchListenerFailedException}), which retries it with back-off and dead-letters it if it keeps failing.
 * Transient database failures propagate the same way and are retried without limit (see
 * {@link KafkaErrorHandling}).
 */
public final class IdempotentBatchConsumer<T> {

    private static final Logger log = LoggerFactory.getLogger(IdempotentBatchConsumer.class);
    private static final LogAccessor LOG_ACCESSOR = new LogAccessor(IdempotentBatchConsumer.class);

    private final String consumer;
    private final Class<T> payloadType;
    private final BatchHandler<T> handler;
    private final TransactionTemplate transactions;
    private final Inbox inbox;
    private final Outbox outbox;
    private final String source;
    private final Clock clock;
    private final Timer batches;
    private final Counter duplicates;

    public IdempotentBatchConsumer(String consumer, Class<T> payloadType, BatchHandler<T> handler,
                                   TransactionTemplate transactions, Inbox inbox, Outbox outbox, String source,
                                   Clock clock, MeterRegistry meters) {
        this.consumer = consumer;
        this.payloadType = payloadType;
        this.handler = handler;
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.source = source;
        this.clock = clock;
        this.batches = Timer.builder("licensing.consumer.batch")
                .description("Time to apply one batch of records in one transaction")
                .tag("consumer", consumer).publishPercentileHistogram().register(meters);
        this.duplicates = Counter.builder("licensing.consumer.duplicates")
                .description("Records skipped because their message id was handled before")
                .tag("consumer", consumer).register(meters);
    }

    public void accept(List<? extends ConsumerRecord<String, ?>> records) {
        int firstUndecodable = firstUndecodable(records);
        List<? extends ConsumerRecord<String, ?>> decodable = records.subList(0, firstUndecodable);
        if (!decodable.isEmpty()) {
            batches.record(() -> applyBatchOrFindCulprit(decodable));
        }
        if (firstUndecodable < records.size()) {
            ConsumerRecord<String, ?> bad = records.get(firstUndecodable);
            throw new BatchListenerFailedException("undecodable record " + bad.topic() + "-" + bad.partition() + "@"
                    + bad.offset(), undecodableCause(bad), firstUndecodable);
        }
    }

    private void applyBatchOrFindCulprit(List<? extends ConsumerRecord<String, ?>> records) {
        try {
            transactions.executeWithoutResult(status -> applyInOneTransaction(records));
            return;
        } catch (RuntimeException batchFailure) {
            if (TransientFailures.isTransient(batchFailure)) {
                throw new BatchListenerFailedException("transient failure, batch will be retried", batchFailure, 0);
            }
            log.info("batch of {} records from {} failed ({}); applying them one by one", records.size(),
                    records.get(0).topic(), batchFailure.toString());
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, ?> record = records.get(i);
            try {
                transactions.executeWithoutResult(status -> applyInOneTransaction(List.of(record)));
            } catch (RuntimeException failure) {
                throw new BatchListenerFailedException("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " failed", failure, i);
            }
        }
    }

    /**
     * The path of one transaction: the inbox is written for the whole batch in one statement; the handler opens a
     * batch with the first deliveries (loading and locking what they need), decides each message with it, and
     * flushes what it decided; then the outbox is written once, with the messages' events in order and the batch's
     * own events (such as the new states of what it changed) after them.
     */
    @SuppressWarnings("unchecked")
    private void applyInOneTransaction(List<? extends ConsumerRecord<String, ?>> records) {
        List<InboundMessage<T>> messages = new ArrayList<>(records.size());
        for (ConsumerRecord<String, ?> record : records) {
            messages.add(new InboundMessage<>(record.topic(), record.partition(), record.offset(), record.key(),
                    payloadType.cast(record.value()),
                    Envelope.read(record.headers(), record.topic(), record.partition(), record.offset())));
        }
        List<InboundMessage<T>> first = (List<InboundMessage<T>>) (List<?>) inbox.recordFirstDeliveries(consumer,
                messages);
        if (first.size() < messages.size()) {
            duplicates.increment(messages.size() - first.size());
            logDuplicates(messages, first);
        }
        if (first.isEmpty()) {
            return;
        }
        MessageBatch<T> batch = handler.openBatch(first);
        List<OutboxEvent> batchEvents = new ArrayList<>();
        for (InboundMessage<T> message : first) {
            MDC.put("correlation_id", message.envelope().correlationId());
            try {
                OutgoingEvents events = new OutgoingEvents(message, source, clock);
                batch.handle(message, events);
                batchEvents.addAll(events.collected());
            } finally {
                MDC.remove("correlation_id");
            }
        }
        batchEvents.addAll(batch.flush());
        outbox.add(batchEvents);
    }

    private void logDuplicates(List<InboundMessage<T>> messages, List<InboundMessage<T>> first) {
        if (!log.isDebugEnabled()) {
            return;
        }
        Set<InboundMessage<T>> handled = Collections.newSetFromMap(new IdentityHashMap<>());
        handled.addAll(first);
        for (InboundMessage<T> message : messages) {
            if (!handled.contains(message)) {
                log.debug("{} already handled message {} ({}), skipping", consumer, message.envelope().id(),
                        message.coordinates());
            }
        }
    }

    private int firstUndecodable(List<? extends ConsumerRecord<String, ?>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (!payloadType.isInstance(records.get(i).value())) {
                return i;
            }
        }
        return records.size();
    }


    private RuntimeException undecodableCause(ConsumerRecord<String, ?> record) {
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
        if (failure != null && TransientFailures.isTransient(failure.getCause())) {
            // The registry could not be asked for the schema: the record is not bad, decoding it again will work.
            return new InfrastructureUnavailableException("schema registry unavailable while decoding",
                    TransientFailures.rootCause(failure));
        }
        if (failure != null) {
            return failure;
        }
        Object value = record.value();
        return new UndecodableMessageException(value == null
                ? "record without a value (tombstone) where " + payloadType.getSimpleName() + " was expected"
                : "record of type " + value.getClass().getName() + " where " + payloadType.getSimpleName()
                        + " was expected");
    }
}
