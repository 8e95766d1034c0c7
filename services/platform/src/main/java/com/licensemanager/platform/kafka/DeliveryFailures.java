package com.licensemanager.platform.kafka;

import com.licensemanager.platform.failures.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts and explains failed deliveries: how often the database was unavailable (retried until it is back), how
 * often a record failed for its own sake, and how many records were dead-lettered.
 */
public final class DeliveryFailures implements RetryListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryFailures.class);

    private final AtomicLong transientFailures = new AtomicLong();
    private final AtomicLong recordFailures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        if (TransientFailures.isTransient(failure)) {
            transientFailures.incrementAndGet();
            log.warn("{}-{}@{}: infrastructure unavailable (attempt {}), retrying until it is back: {}",
                    record.topic(), record.partition(), record.offset(), deliveryAttempt,
                    TransientFailures.rootCause(failure).toString());
        } else {
            recordFailures.incrementAndGet();
            log.warn("{}-{}@{}: failed (attempt {}): {}", record.topic(), record.partition(), record.offset(),
                    deliveryAttempt, TransientFailures.rootCause(failure).toString());
        }
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
        deadLettered.incrementAndGet();
    }

    public long transientFailures() {
        return transientFailures.get();
    }

    public long recordFailures() {
        return recordFailures.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

}
