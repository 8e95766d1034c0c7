package com.licensemanager.platform.kafka;

import com.licensemanager.platform.failures.TransientFailures;
import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After a decoded record was dead-lettered, lets its consumer's handler answer it if it is a
 * {@link DeadLetterAnswering} one. Runs after the dead letter was published, in its own transaction: the message id
 * goes into the inbox with the answer, so a replayed or re-driven copy of the record is a duplicate and is answered
 * no second time. Undecodable records carry nothing to answer to and are left alone.
 */
public final class DeadLetterAnswers {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAnswers.class);

    private final ObjectProvider<ConsumerDeclaration<?>> declarations;
    private final TransactionTemplate transactions;
    private final Inbox inbox;
    private final Outbox outbox;
    private final String source;
    private final Clock clock;
    private final MeterRegistry meters;
    private volatile Map<String, ConsumerDeclaration<?>> byTopic;

    /** The declarations are looked up at the first dead letter: the error handler is built before the features. */
    public DeadLetterAnswers(ObjectProvider<ConsumerDeclaration<?>> declarations, TransactionTemplate transactions,
                             Inbox inbox, Outbox outbox, String source, Clock clock, MeterRegistry meters) {
        this.declarations = declarations;
        this.transactions = transactions;
        this.inbox = inbox;
        this.outbox = outbox;
        this.source = source;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Answers the dead-lettered record if its consumer answers dead letters. A transient failure is thrown, so the
     * error handler delivers the record again (and it is dead-lettered and answered then); any other is logged and
     * counted: the record is on its dead-letter topic, and failing here would only bring it back for ever.
     */
    public void afterDeadLettered(ConsumerRecord<?, ?> record) {
        ConsumerDeclaration<?> declaration = declarationsByTopic().get(record.topic());
        if (declaration == null || !(declaration.handler() instanceof DeadLetterAnswering<?>)
                || !declaration.payloadType().isInstance(record.value())) {
            return;
        }
        try {
            answer(declaration, record);
        } catch (RuntimeException failure) {
            if (TransientFailures.isTransient(failure)) {
                throw failure;
            }
            meters.counter("licensing.dead-letters.unanswered", "consumer", declaration.name()).increment();
            log.error("dead-lettered {}-{}@{} could not be answered either: {}", record.topic(), record.partition(),
                    record.offset(), TransientFailures.rootCause(failure).toString(), failure);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void answer(ConsumerDeclaration<T> declaration, ConsumerRecord<?, ?> record) {
        InboundMessage<T> message = new InboundMessage<>(record.topic(), record.partition(), record.offset(),
                (String) record.key(), declaration.payloadType().cast(record.value()),
                Envelope.read(record.headers(), record.topic(), record.partition(), record.offset()));
        transactions.executeWithoutResult(status -> {
            if (inbox.recordFirstDeliveries(declaration.name(), List.of(message)).isEmpty()) {
                return;
            }
            OutgoingEvents events = new OutgoingEvents(message, source, clock);
            ((DeadLetterAnswering<T>) declaration.handler()).answerDeadLettered(message, events);
            outbox.add(events.collected());
        });
        meters.counter("licensing.dead-letters.answered", "consumer", declaration.name()).increment();
        log.info("dead-lettered {} of {} answered", message.coordinates(), declaration.name());
    }

    private Map<String, ConsumerDeclaration<?>> declarationsByTopic() {
        Map<String, ConsumerDeclaration<?>> known = byTopic;
        if (known == null) {
            known = declarations.orderedStream()
                    .collect(Collectors.toUnmodifiableMap(ConsumerDeclaration::topic, Function.identity()));
            byTopic = known;
        }
        return known;
    }
}
