package com.licensemanager.platform.outbox;

import com.licensemanager.platform.db.tables.records.OutboxRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.licensemanager.platform.db.Tables.OUTBOX_PARKED;

/**
 * Sets aside an outbox row that can never be published, in the relay's transaction: the row moves to
 * {@code outbox_parked} with the reason, an error is logged with its id, type, key and size, and
 * {@code licensing.outbox.parked} counts it, the metric to alert on (docs/runbook.md, "Parked outbox events").
 */
final class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    private final DSLContext db;
    private final Counter parkedCount;

    ParkedEvents(DSLContext db, MeterRegistry meters) {
        this.db = db;
        this.parkedCount = Counter.builder("licensing.outbox.parked")
                .description("outbox events set aside because the broker or the registry will never accept them")
                .register(meters);
    }

    void park(OutboxRecord row, Throwable why) {
        String reason = PublicationRefusals.describe(why);
        db.insertInto(OUTBOX_PARKED)
                .set(OUTBOX_PARKED.ID, row.getId())
                .set(OUTBOX_PARKED.EVENT_ID, row.getEventId())
                .set(OUTBOX_PARKED.TOPIC, row.getTopic())
                .set(OUTBOX_PARKED.MESSAGE_KEY, row.getMessageKey())
                .set(OUTBOX_PARKED.EVENT_TYPE, row.getEventType())
                .set(OUTBOX_PARKED.SOURCE, row.getSource())
                .set(OUTBOX_PARKED.PAYLOAD, row.getPayload())
                .set(OUTBOX_PARKED.CORRELATION_ID, row.getCorrelationId())
                .set(OUTBOX_PARKED.CAUSATION_ID, row.getCausationId())
                .set(OUTBOX_PARKED.OCCURRED_AT, row.getOccurredAt())
                .set(OUTBOX_PARKED.CREATED_AT, row.getCreatedAt())
                .set(OUTBOX_PARKED.REASON, reason)
                .onConflictDoNothing()
                .execute();
        parkedCount.increment();
        log.error("outbox event {} parked, never publishable as it is: {} key {} on {}, {} bytes, ce_id {}, "
                        + "correlation {}: {}", row.getId(), row.getEventType(), row.getMessageKey(), row.getTopic(),
                row.getPayload().length, row.getEventId(), row.getCorrelationId(), reason);
    }
}
