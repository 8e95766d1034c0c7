package com.licensemanager.platform.kafka;

import com.licensemanager.platform.failures.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A failing record's back-off, decided anew at each failure by what that failure is: an outage (transient) is waited
 * out for as long as it lasts without using up the record's attempts; a failure of the record's own is retried
 * {@code attemptsBeforeDeadLetter} times in all; an undecodable record is given up at once.
 *
 * <p>Spring Kafka picks a record's back-off at its first failure and keeps it while the class of the failure stays
 * the same, and a batch listener's failures are all {@code BatchListenerFailedException}s. So a record first seen
 * while the registry was away kept an outage's unbounded back-off after the registry came back and said the record
 * was bad, and blocked its partition for ever (found by the chaos run's registry outage); and a record that failed
 * for its own sake and then met a database outage used up its attempts during the outage.
 *
 * <p>It learns each failure as a retry listener, which the error handler calls before it asks the back-off; the
 * latest failure is kept per partition (one record of a partition fails at a time), so this stays small.
 */
final class BackOffByLatestFailure implements RetryListener {

    private record Failure(long offset, Exception failure) {
    }

    private final Map<TopicPartition, Failure> latest = new ConcurrentHashMap<>();
    private final Duration retryInterval;
    private final int attemptsBeforeDeadLetter;

    BackOffByLatestFailure(Duration retryInterval, int attemptsBeforeDeadLetter) {
        this.retryInterval = retryInterval;
        this.attemptsBeforeDeadLetter = attemptsBeforeDeadLetter;
    }

    /** The back-off of this record, for the error handler's back-off function. */
    BackOff of(ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        long offset = record.offset();
        return () -> new Execution(partition, offset);
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        latest.put(new TopicPartition(record.topic(), record.partition()), new Failure(record.offset(), failure));
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        latest.remove(new TopicPartition(record.topic(), record.partition()));
    }

    /** Undecodable: retrying cannot help once the registry has answered (a failure to ask it is transient). */
    static boolean isUndecodable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UndecodableMessageException || t instanceof DeserializationException) {
                return true;
            }
        }
        return false;
    }

    private final class Execution implements BackOffExecution {

        private final TopicPartition partition;
        private final long offset;
        private final BackOffExecution outage;
        private final BackOffExecution ownFailure;

        Execution(TopicPartition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
            ExponentialBackOff untilItPasses = new ExponentialBackOff(100, 2.0);
            untilItPasses.setMaxInterval(5_000);
            untilItPasses.setMaxElapsedTime(Long.MAX_VALUE);
            untilItPasses.setMaxAttempts(Long.MAX_VALUE);
            this.outage = untilItPasses.start();
            this.ownFailure = new FixedBackOff(retryInterval.toMillis(), attemptsBeforeDeadLetter - 1L).start();
        }

        @Override
        public long nextBackOff() {
            Failure last = latest.get(partition);
            Exception failure = last != null && last.offset() == offset ? last.failure() : null;
            if (failure != null && TransientFailures.isTransient(failure)) {
                return outage.nextBackOff();
            }
            if (failure != null && isUndecodable(failure)) {
                return STOP;
            }
            return ownFailure.nextBackOff();
        }
    }
}
