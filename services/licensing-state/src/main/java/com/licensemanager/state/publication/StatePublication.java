package com.licensemanager.state.publication;

import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.state.balances.BalanceStates;
import com.licensemanager.state.units.UnitStates;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes the full new state of every balance and unit that commands changed, on the compacted state topics.
 *
 * <p>The states are published once per batch, when it flushes ({@link ChangedStates#publish()}): a batch of requests
 * that changed one balance ten times publishes its final state once, and the version rows are locked in key order,
 * so two batches never deadlock over them.
 */
public class StatePublication {

    private final BalanceStates balances;
    private final UnitStates units;
    private final Clock clock;

    public StatePublication(BalanceStates balances, UnitStates units, Clock clock) {
        this.balances = balances;
        this.units = units;
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

        private ChangedStates() {
        }

        /** Notes what one command changed; its state is published by the batch's {@link #publish()}. */
        public void add(Changes changes, OutgoingEvents events) {
            if (changes.balanceOwners().isEmpty() && changes.units().isEmpty()) {
                return;
            }
            OutgoingEvents.Lineage lineage = events.lineage();
            changes.balanceOwners().forEach(owner -> balanceOwners.put(owner, lineage));
            changes.units().forEach(mac -> macs.put(mac, lineage));
        }

        /**
         * Counts a new version of each changed state, in key order, and answers the states as events for the
         * outbox. Called once, after the batch's last command.
         */
        public List<OutboxEvent> publish() {
            List<OutboxEvent> events = new ArrayList<>(balanceOwners.size() + macs.size());
            balances.newVersions(balanceOwners.keySet()).forEach((owner, state) -> events.add(
                    balanceOwners.get(owner).event(Topics.BALANCES, owner, state, clock.instant())));
            units.newVersions(macs.keySet()).forEach((mac, state) -> events.add(macs.get(mac).event(Topics.UNITS, mac,
                    state, clock.instant())));
            return events;
        }
    }
}
