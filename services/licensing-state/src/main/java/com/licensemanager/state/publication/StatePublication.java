package com.licensemanager.state.publication;

import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.sql.RoundTrip;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.state.balances.BalanceStates;
import com.licensemanager.state.history.History;
import com.licensemanager.state.units.UnitStates;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes the full new state of every balance and unit that commands changed, on the compacted state topics, and
 * writes and publishes the history entry of every change they recorded ({@link History}).
 *
 * <p>The states are published once per batch, when it flushes ({@link ChangedStates#publish()}): a batch of requests
 * that changed one balance ten times publishes its final state once, and the version rows are locked in key order,
 * so two batches never deadlock over them.
 */
public class StatePublication {

    private final DSLContext db;
    private final BalanceStates balances;
    private final UnitStates units;
    private final History history;
    private final Clock clock;

    public StatePublication(DSLContext db, BalanceStates balances, UnitStates units, History history, Clock clock) {
        this.db = db;
        this.balances = balances;
        this.units = units;
        this.history = history;
        this.clock = clock;
    }

    /** What one batch changes, empty at first; a batch redone record by record starts each record with a new one. */
    public ChangedStates forBatch() {
        return new ChangedStates();
    }

    /** The keys changed in one batch, each with the lineage of the last command that changed it. */
    public final class ChangedStates {

        private final Map<String, OutgoingEvents.Lineage> balanceOwners = new TreeMap<>();
        private final Map<String, OutgoingEvents.Lineage> macs = new TreeMap<>();
        private final History.Entries entries = history.forBatch();

        private ChangedStates() {
        }

        /**
         * Notes what one command changed: its state is published by the batch's {@link #publish()}, and the
         * history entries it recorded are written then, stamped now by the service's clock.
         */
        public void add(Changes changes, OutgoingEvents events) {
            add(changes, events.lineage());
        }

        /** The same, for a change caused by no inbound message (a timer): its events carry this lineage. */
        public void add(Changes changes, OutgoingEvents.Lineage lineage) {
            changes.balanceOwners().forEach(owner -> balanceOwners.put(owner, lineage));
            changes.units().forEach(mac -> macs.put(mac, lineage));
            changes.recorded().forEach(change -> entries.add(change, changes.cause(), lineage, clock.instant()));
        }

        /**
         * Writes the batch's history entries (one statement), counts a new version of each changed state, in key
         * order, and answers the entries and the states as events for the outbox: seven statements at most, in one
         * round trip. Called once, after the batch's last command.
         */
        public List<OutboxEvent> publish() {
            return publish(new RoundTrip(db));
        }

        /**
         * The same, in the round trip that carries the batch's other writes: the entries and the states' statements
         * join it after them (so the states read include every write of the batch), and it is sent here.
         */
        public List<OutboxEvent> publish(RoundTrip writes) {
            History.Written written = entries.write(writes);
            BalanceStates.Reading balanceStates = balances.newVersions(balanceOwners.keySet(), writes);
            UnitStates.Reading unitStates = units.newVersions(macs.keySet(), writes);
            writes.send();
            List<OutboxEvent> events = new ArrayList<>(written.events());
            balanceStates.states().forEach((owner, state) -> events.add(
                    balanceOwners.get(owner).event(Topics.BALANCES, owner, state, clock.instant())));
            unitStates.states().forEach((mac, state) -> events.add(macs.get(mac).event(Topics.UNITS, mac, state,
                    clock.instant())));
            return events;
        }
    }
}
