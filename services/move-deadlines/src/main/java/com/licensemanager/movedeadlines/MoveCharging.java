package com.licensemanager.movedeadlines;

import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.state.history.Cause;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.moves.Move;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.publication.StatePublication;
import com.licensemanager.state.publication.StatePublication.ChangedStates;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A move's deadline has passed: unless the old unit's return closed the move first, its licenses are charged —
 * the move closes as CHARGED and one invoicing event and the old unit's history entry are written, in one
 * transaction. Firing twice (a worker died after committing, two workers raced) finds the move closed and does
 * nothing.
 */
class MoveCharging {

    private static final Logger log = LoggerFactory.getLogger(MoveCharging.class);

    private final Moves moves;
    private final Units units;
    private final StatePublication states;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String source;

    MoveCharging(Moves moves, Units units, StatePublication states, Outbox outbox, TransactionTemplate transactions,
                 Clock clock, String source) {
        this.moves = moves;
        this.units = units;
        this.states = states;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.source = source;
    }

    void deadlinePassed(UUID moveId) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            if (!moves.close(moveId, Move.Outcome.CHARGED, now)) {
                log.info("move {} was closed before its deadline fired; nothing to charge", moveId);
                return;
            }
            Move move = moves.find(moveId).orElseThrow();
            MoveCharged charged = new MoveCharged(moveId.toString(), move.owner(), move.movedBy(), move.fromMac(),
                    move.toMac(), LicenseLines.toLines(move.licenses()), move.movedAt(), move.deadline(), now);
            UUID eventId = UUID.nameUUIDFromBytes(("move-charged:" + moveId).getBytes(StandardCharsets.UTF_8));
            OutgoingEvents.Lineage lineage = new OutgoingEvents.Lineage(source, moveId.toString(),
                    "move-deadline:" + moveId);
            // The old unit's history tells that its moved licenses are invoiced; no state of it changes.
            Changes changes = new Changes(new Cause(null, moveId.toString()));
            Unit old = units.find(move.fromMac()).orElseThrow();
            changes.record(SubjectChange.ofUnit(old.mac(), HistoryChange.MOVE_CHARGED, move.toMac(),
                    units.licenses(old.mac()), old.owner()));
            ChangedStates history = states.forBatch();
            history.add(changes, lineage);
            List<OutboxEvent> events = new ArrayList<>();
            events.add(new OutboxEvent(eventId, Topics.INVOICING, moveId.toString(), charged, source,
                    lineage.correlationId(), lineage.causationId(), now));
            events.addAll(history.publish());
            outbox.add(events);
            log.info("move {} charged: unit {} did not reach the vendor by {}", moveId, move.fromMac(), move.deadline());
        });
    }
}
