package com.licensemanager.rma;

import com.licensemanager.licensing.mac.MacAddress;
import com.licensemanager.licensing.mac.MalformedMacAddressException;
import com.licensemanager.platform.kafka.BatchHandler;
import com.licensemanager.platform.kafka.MessageBatch;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.messaging.InboundMessage;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.schemas.repair.RmaNotification;
import com.licensemanager.state.history.Cause;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.moves.Move;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.state.publication.Changes;
import com.licensemanager.state.publication.StatePublication;
import com.licensemanager.state.publication.StatePublication.ChangedStates;
import com.licensemanager.state.units.Unit;
import com.licensemanager.state.units.UnitStatus;
import com.licensemanager.state.units.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What the repair desk reports. A unit received for repair gets status RMA (its MAC shown in the 01- form) until
 * its owner assigns its licenses to the replacement. A unit whose licenses were moved away and that reaches the
 * vendor closes its move as returned, before the deadline can charge it. A notification that fits no unit or no
 * state is refused and reported, never dropped.
 */
class RmaNotifications implements BatchHandler<RmaNotification> {

    /**
     * Stable reason codes of {@code RmaNotificationRejected}, spelled as the license requests spell the same
     * situations; a malformed MAC is reported as {@code MAC_<reason>}.
     */
    enum Reason {
        UNIT_UNKNOWN, UNIT_ALREADY_IN_RMA, UNIT_LICENSES_MOVED, MOVE_ALREADY_CHARGED, NO_OPEN_MOVE
    }

    private static final Logger log = LoggerFactory.getLogger(RmaNotifications.class);

    private final Units units;
    private final Moves moves;
    private final DurableTimers timers;
    private final StatePublication states;
    private final Clock clock;

    RmaNotifications(Units units, Moves moves, DurableTimers timers, StatePublication states, Clock clock) {
        this.units = units;
        this.moves = moves;
        this.timers = timers;
        this.states = states;
        this.clock = clock;
    }

    /** The new states of the units the batch changed are published once, when it flushes. */
    @Override
    public MessageBatch<RmaNotification> openBatch(List<InboundMessage<RmaNotification>> messages) {
        ChangedStates changed = states.forBatch();
        return MessageBatch.of((message, events) -> decide(message, events, changed), changed::publish);
    }

    private void decide(InboundMessage<RmaNotification> message, OutgoingEvents events, ChangedStates changed) {
        RmaNotification notification = message.payload();
        // The repair desk is another team: no account caused it, the notification id names it.
        Changes changes = new Changes(new Cause(null, notification.getNotificationId()));
        List<Rejection> rejections = apply(notification, changes);
        if (rejections.isEmpty()) {
            changed.add(changes, events);
            return;
        }
        log.warn("RMA notification {} ({} of {}) refused: {}", notification.getNotificationId(),
                notification.getEvent(), notification.getMac(), rejections.stream().map(Rejection::getReason).toList());
        events.publish(Topics.RMA_REJECTIONS, notification.getMac(), new RmaNotificationRejected(
                notification.getNotificationId(), notification.getMac(), notification.getEvent(), rejections,
                clock.instant()));
    }

    private List<Rejection> apply(RmaNotification notification, Changes changes) {
        MacAddress mac;
        try {
            mac = MacAddress.parseAnyForm(notification.getMac()).toUnit();
        } catch (MalformedMacAddressException e) {
            return List.of(new Rejection("MAC_" + e.reason().name(), notification.getMac(), e.getMessage()));
        }
        Optional<Unit> unit = units.lock(mac.toString());
        if (unit.isEmpty()) {
            return List.of(rejection(Reason.UNIT_UNKNOWN, mac.toString(), "no unit " + mac + " was ever shipped"));
        }
        return notification.getEvent() == RmaEvent.RECEIVED_FOR_REPAIR
                ? receivedForRepair(unit.get(), notification, changes)
                : returnedToVendor(unit.get(), changes);
    }

    private List<Rejection> receivedForRepair(Unit unit, RmaNotification notification, Changes changes) {
        if (unit.inRma()) {
            return List.of(rejection(Reason.UNIT_ALREADY_IN_RMA, unit.mac(), "unit " + unit.mac() + " is in repair already"));
        }
        if (unit.licensesMovedAway()) {
            return List.of(rejection(Reason.UNIT_LICENSES_MOVED, unit.mac(), "the licenses of " + unit.mac()
                    + " were moved to " + unit.movedTo() + "; report its return to the vendor instead"));
        }
        units.changeStatus(unit.mac(), UnitStatus.RMA, "received for repair (notification " + notification.getNotificationId() + ")",
                notification.getOccurredAt());
        changes.unit(unit.mac());
        changes.record(SubjectChange.ofUnit(unit.mac(), HistoryChange.RMA, null, units.licenses(unit.mac()),
                unit.owner()));
        log.info("unit {} received for repair: status RMA", unit.mac());
        return List.of();
    }

    private List<Rejection> returnedToVendor(Unit unit, Changes changes) {
        Optional<Move> open = moves.openMoveFrom(unit.mac());
        if (open.isPresent() && moves.close(open.get().id(), Move.Outcome.RETURNED, clock.instant())) {
            timers.cancel(Moves.DEADLINE_TIMER, open.get().id().toString());
            changes.unit(unit.mac());
            changes.record(SubjectChange.ofUnit(unit.mac(), HistoryChange.RETURNED_TO_VENDOR, open.get().toMac(),
                    units.licenses(unit.mac()), unit.owner()));
            log.info("unit {} returned to the vendor: move {} closed, nothing to invoice", unit.mac(), open.get().id());
            return List.of();
        }
        if (moves.lastOutcomeFrom(unit.mac()).filter(outcome -> outcome == Move.Outcome.CHARGED).isPresent()) {
            return List.of(rejection(Reason.MOVE_ALREADY_CHARGED, unit.mac(), "the move deadline of " + unit.mac()
                    + " had passed; its licenses were charged"));
        }
        return List.of(rejection(Reason.NO_OPEN_MOVE, unit.mac(), "no licenses were moved off " + unit.mac()
                + " and awaiting its return"));
    }

    private static Rejection rejection(Reason reason, String subject, String message) {
        return new Rejection(reason.name(), subject, message);
    }
}
