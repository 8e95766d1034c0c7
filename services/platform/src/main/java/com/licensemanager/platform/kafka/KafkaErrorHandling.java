package com.licensemanager.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one error policy of every consumer:
 * <ul>
 *   <li>undecodable records go to {@code <topic>-dlt} at once, with their original bytes and the exception in
 *       headers, on the same partition number;</li>
 *   <li>a record that keeps failing for its own sake is retried a few times, then dead-lettered, so the partition
 *       moves on, and answered if its consumer answers its messages ({@link DeadLetterAnswering});</li>
 *   <li>transient infrastructure failures (database down) are retried with capped exponential back-off for as
 *       long as they last, and never dead-lettered.</li>
 * </ul>
 * Each failure of a record is judged as it comes ({@link BackOffByLatestFailure}): a record first seen during an
 * outage is dead-lettered once it turns out undecodable, and an outage uses up none of a record's attempts.
 */
public final class KafkaErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorHandling.class);
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private KafkaErrorHandling() {
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<Object, Object> deadLetterTemplate,
                                                   int attemptsBeforeDeadLetter, Duration retryInterval,
                                                   DeliveryFailures failures,
                                                   Consumer<ConsumerRecord<?, ?>> afterDeadLettered) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, failure) -> {
                    log.error("dead-lettering {}-{}@{} to {}{}: {}", record.topic(), record.partition(),
                            record.offset(), record.topic(), DEAD_LETTER_SUFFIX, failure.toString());
                    return new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, record.partition());
                });
        // The record is on its dead-letter topic; whoever waits for an answer to it gets one now (DeadLetterAnswers).
        ConsumerRecordRecoverer recoverer = (record, failure) -> {
            deadLetters.accept(record, failure);
            afterDeadLettered.accept(record);
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer,
                new FixedBackOff(retryInterval.toMillis(), attemptsBeforeDeadLetter - 1L));
        // Undecodable at the first failure: dead-lettered at once (the handler's own classification). Otherwise the
        // back-off follows each failure as it comes, not only the first one.
        BackOffByLatestFailure byLatestFailure = new BackOffByLatestFailure(retryInterval, attemptsBeforeDeadLetter);
        handler.setBackOffFunction((record, failure) -> byLatestFailure.of(record));
        // It follows the changes itself; a reset on a change would give a record back the attempts it used.
        handler.setResetStateOnExceptionChange(false);
        handler.addNotRetryableExceptions(UndecodableMessageException.class);
        handler.setRetryListeners(failures, byLatestFailure);
        return handler;
    }
}
