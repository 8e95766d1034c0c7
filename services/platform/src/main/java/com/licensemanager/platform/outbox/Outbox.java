package com.licensemanager.platform.outbox;

import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.sql.BinaryArrays;

import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.jooq.impl.DSL.val;

/**
 * Writes events in the caller's database transaction; {@link OutboxRelay} publishes them after commit.
 * A database write and a publish are thus atomic without a distributed transaction.
 */
public class Outbox {

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
        insert(List.copyOf(events));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.signal();
            }
        });
    }

    /**
     * One statement whatever the number of events, one array per column (the payloads in binary), its SQL always
     * the same: nothing renders a row of placeholders per event. The rows are inserted, and so numbered by the
     * identity column the relay publishes in, in the order given.
     */
    private void insert(List<OutboxEvent> events) {
        int size = events.size();
        String[] eventIds = new String[size];
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] types = new String[size];
        List<byte[]> payloads = new ArrayList<>(size);
        String[] correlationIds = new String[size];
        String[] causationIds = new String[size];
        OffsetDateTime[] occurredAt = new OffsetDateTime[size];
        String[] sources = new String[size];
        for (int i = 0; i < size; i++) {
            OutboxEvent event = events.get(i);
            eventIds[i] = event.eventId().toString();
            topics[i] = event.topic();
            keys[i] = event.key();
            types[i] = event.type();
            payloads.add(AvroBinary.encode(event.payload()));
            correlationIds[i] = event.correlationId();
            causationIds[i] = event.causationId();
            occurredAt[i] = event.occurredAt().atOffset(ZoneOffset.UTC);
            sources[i] = event.source();
        }
        db.execute("""
                        insert into outbox (event_id, topic, message_key, event_type, payload, correlation_id,
                                            causation_id, occurred_at, source)
                        select d.event_id::uuid, d.topic, d.message_key, d.event_type, d.payload, d.correlation_id,
                               d.causation_id, d.occurred_at, d.source
                        from unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}) with ordinality
                             as d(event_id, topic, message_key, event_type, payload, correlation_id, causation_id,
                                  occurred_at, source, given)
                        order by d.given""",
                val(eventIds), val(topics), val(keys), val(types), BinaryArrays.bytea(payloads),
                val(correlationIds), val(causationIds), val(occurredAt), val(sources));
    }
}
