package com.licensemanager.platform.outbox;

import com.licensemanager.platform.messaging.AvroBinary;

import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import static com.licensemanager.platform.db.Tables.OUTBOX;

/**
 * Writes events in the caller's database transaction; {@link OutboxRelay} publishes them after commit.
 * A database write and a publish are thus atomic without a distributed transaction.
 */
public class Outbox {

    /** Rows per statement: 9 parameters each, well below PostgreSQL's limit of 65 535 per statement. */
    private static final int ROWS_PER_INSERT = 1000;

    private final DSLContext db;
    private final OutboxSignal signal;

    public Outbox(DSLContext db, OutboxSignal signal) {
        this.db = db;
        this.signal = signal;
    }

    public void add(Collection<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("outbox events must be written in the transaction of the change they announce");
        }
        List<OutboxEvent> all = List.copyOf(events);
        for (int from = 0; from < all.size(); from += ROWS_PER_INSERT) {
            insert(all.subList(from, Math.min(all.size(), from + ROWS_PER_INSERT)));
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.signal();
            }
        });
    }

    private void insert(List<OutboxEvent> events) {
        var insert = db.insertInto(OUTBOX, OUTBOX.EVENT_ID, OUTBOX.TOPIC, OUTBOX.MESSAGE_KEY, OUTBOX.EVENT_TYPE,
                OUTBOX.PAYLOAD, OUTBOX.CORRELATION_ID, OUTBOX.CAUSATION_ID, OUTBOX.OCCURRED_AT, OUTBOX.SOURCE);
        for (OutboxEvent event : events) {
            insert = insert.values(event.eventId(), event.topic(), event.key(), event.type(),
                    AvroBinary.encode(event.payload()), event.correlationId(), event.causationId(),
                    event.occurredAt().atOffset(ZoneOffset.UTC), event.source());
        }
        insert.execute();
    }
}
