package com.licensemanager.state.publication;

import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.platform.transaction.TransactionScoped;
import com.licensemanager.state.balances.BalanceStates;
import com.licensemanager.state.units.UnitStates;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes the full new state of every balance and unit that commands changed, on the compacted state topics.
 *
 * <p>The states are written once per transaction, just before it commits: a batch of requests that changed one
 * balance ten times publishes its final state once, and the version rows are locked in key order, so two batches
 * never deadlock over them.
 */
public class StatePublication {

    private final BalanceStates balances;
    private final UnitStates units;
    private final Outbox outbox;
    private final Clock clock;

    public StatePublication(BalanceStates balances, UnitStates units, Outbox outbox, Clock clock) {
        this.balances = balances;
        this.units = units;
        this.outbox = outbox;
        this.clock = clock;
    }

    public void publish(Changes changes, OutgoingEvents events) {
        if (changes.balanceOwners().isEmpty() && changes.units().isEmpty()) {
            return;
        }
        Pending pending = pendingOfThisTransaction();
        OutgoingEvents.Lineage lineage = events.lineage();
        changes.balanceOwners().forEach(owner -> pending.balances.put(owner, lineage));
        changes.units().forEach(mac -> pending.units.put(mac, lineage));
    }

    private Pending pendingOfThisTransaction() {
        Pending pending = TransactionScoped.get(this, Pending.class);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.registerSynchronization(pending);
            TransactionScoped.bind(this, pending);
        }
        return pending;
    }

    /** The keys changed in one transaction, each with the lineage of the last command that changed it. */
    private final class Pending implements TransactionSynchronization {

        private final Map<String, OutgoingEvents.Lineage> balances = new TreeMap<>();
        private final Map<String, OutgoingEvents.Lineage> units = new TreeMap<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            List<OutboxEvent> events = new ArrayList<>();
            balances.forEach((owner, lineage) -> events.add(lineage.event(Topics.BALANCES, owner,
                    StatePublication.this.balances.current(owner), clock.instant())));
            units.forEach((mac, lineage) -> events.add(lineage.event(Topics.UNITS, mac,
                    StatePublication.this.units.current(mac), clock.instant())));
            outbox.add(events);
        }
    }
}
