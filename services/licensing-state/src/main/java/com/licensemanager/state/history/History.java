package com.licensemanager.state.history;

import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.sql.BinaryArrays;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.licensing.HistorySubjectKind;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.HISTORY_ENTRY;
import static org.jooq.impl.DSL.val;

/**
 * The history of every unit and balance (issue 17): one immutable entry per change of one subject, written in the
 * transaction of the change and published on {@code licensing.history.v1} through the outbox of that transaction.
 *
 * <p>A batch notes its entries as its decisions make them ({@link Entries#add}) and writes them all in one
 * {@code INSERT … SELECT FROM unnest(…)} when it flushes, in the order decided; so the history costs one statement
 * per batch, not one per request. Rows are only ever inserted: there is no update or delete here, and a trigger
 * refuses both.
 */
public class History {

    private static final String SCHEMA = HistoryEntry.getClassSchema().getFullName();

    private final DSLContext db;

    public History(DSLContext db) {
        this.db = db;
    }

    /** The entries of one transaction, empty at first. */
    public Entries forBatch() {
        return new Entries();
    }

    /** Every entry of the unit or balance, in the order of the changes; empty if it has none. */
    public List<HistoryEntry> of(SubjectKind kind, String subject) {
        return db.select(HISTORY_ENTRY.POSITION, HISTORY_ENTRY.ENTRY).from(HISTORY_ENTRY)
                .where(HISTORY_ENTRY.SUBJECT_KIND.eq(kind.name()).and(HISTORY_ENTRY.SUBJECT.eq(subject)))
                .orderBy(HISTORY_ENTRY.POSITION)
                .fetch(History::stored);
    }

    /** The stored entry with its position, which the stored bytes do not carry (it is given by the insert). */
    private static HistoryEntry stored(Record row) {
        HistoryEntry entry = (HistoryEntry) AvroBinary.decode(SCHEMA, row.get(HISTORY_ENTRY.ENTRY));
        entry.setPosition(row.get(HISTORY_ENTRY.POSITION));
        return entry;
    }

    /** One entry waiting for its batch's flush, with where its event comes from. */
    private record Pending(HistoryEntry entry, OutgoingEvents.Lineage lineage) {
    }

    /** The entries one batch (or one transaction of another path) decided, written by {@link #flush()}. */
    public final class Entries {

        private final List<Pending> pending = new ArrayList<>();

        private Entries() {
        }

        /** Notes the entry of one change, with its cause, the lineage of its message and the time it was decided. */
        public void add(SubjectChange change, Cause cause, OutgoingEvents.Lineage lineage, Instant at) {
            HistoryEntry entry = HistoryEntry.newBuilder()
                    .setEntryId(UUID.randomUUID().toString())
                    .setPosition(0)
                    .setSubjectKind(HistorySubjectKind.valueOf(change.kind().name()))
                    .setSubject(change.subject())
                    .setChange(com.licensemanager.schemas.licensing.HistoryChange.valueOf(change.change().name()))
                    .setAccount(cause.account())
                    .setRequestId(cause.requestId())
                    .setCorrelationId(lineage.correlationId())
                    .setOccurredAt(at)
                    .setRelated(change.related())
                    .setLicenses(change.entered())
                    .setBalanceChanges(change.balanceChanges())
                    .setLicensesAfter(change.licensesAfter())
                    .setOwnerAfter(change.ownerAfter())
                    .setLinesAfter(change.linesAfter())
                    .build();
            pending.add(new Pending(entry, lineage));
        }

        /**
         * Inserts the noted entries in one statement, in the order noted, and answers their events for the outbox
         * (each with the position the insert gave it). Fails, and with it the transaction, if one of them was
         * written before (same subject, change and cause): a change applied twice.
         */
        public List<OutboxEvent> flush() {
            return RoundTrip.alone(db, trip -> write(trip)::events);
        }

        /**
         * The same insert, sent with the other writes of a batch's flush: the events are there once the round trip
         * is sent.
         */
        public Written write(RoundTrip writes) {
            List<Pending> writing = List.copyOf(pending);
            pending.clear();
            if (writing.isEmpty()) {
                return new Written(writing, null);
            }
            List<HistoryEntry> entries = writing.stream().map(Pending::entry).toList();
            RoundTrip.Rows positions = writes.read(db.resultQuery("""
                            insert into history_entry (entry_id, subject_kind, subject, change, account, request_id,
                                                       correlation_id, occurred_at, entry)
                            select d.entry_id::uuid, d.subject_kind, d.subject, d.change, d.account, d.request_id,
                                   d.correlation_id, d.occurred_at, d.entry
                            from unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}) with ordinality
                                 as d(entry_id, subject_kind, subject, change, account, request_id, correlation_id,
                                      occurred_at, entry, noted)
                            order by d.noted
                            returning entry_id::text, position""",
                    val(entries.stream().map(HistoryEntry::getEntryId).toArray(String[]::new)),
                    val(entries.stream().map(e -> e.getSubjectKind().name()).toArray(String[]::new)),
                    val(entries.stream().map(HistoryEntry::getSubject).toArray(String[]::new)),
                    val(entries.stream().map(e -> e.getChange().name()).toArray(String[]::new)),
                    val(entries.stream().map(HistoryEntry::getAccount).toArray(String[]::new)),
                    val(entries.stream().map(HistoryEntry::getRequestId).toArray(String[]::new)),
                    val(entries.stream().map(HistoryEntry::getCorrelationId).toArray(String[]::new)),
                    val(entries.stream().map(e -> e.getOccurredAt().atOffset(ZoneOffset.UTC))
                            .toArray(OffsetDateTime[]::new)),
                    BinaryArrays.bytea(entries.stream().map(AvroBinary::encode).toList())));
            return new Written(writing, positions);
        }
    }

    /** Entries written in a round trip: their events, each with the position the insert gave it, once it is sent. */
    public static final class Written {

        private final List<Pending> written;
        private final RoundTrip.Rows positions;

        private Written(List<Pending> written, RoundTrip.Rows positions) {
            this.written = written;
            this.positions = positions;
        }

        public List<OutboxEvent> events() {
            if (written.isEmpty()) {
                return List.of();
            }
            Map<String, Long> byEntry = new HashMap<>();
            positions.result().forEach(row -> byEntry.put(row.get(0, String.class), row.get(1, Long.class)));
            List<OutboxEvent> events = new ArrayList<>(written.size());
            for (Pending noted : written) {
                HistoryEntry entry = noted.entry();
                entry.setPosition(byEntry.get(entry.getEntryId()));
                events.add(new OutboxEvent(UUID.fromString(entry.getEntryId()), Topics.HISTORY, entry.getSubject(),
                        entry, noted.lineage().source(), noted.lineage().correlationId(),
                        noted.lineage().causationId(), entry.getOccurredAt()));
            }
            return events;
        }
    }
}
