package com.licensemanager.movedeadlines;

import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.MoveDeadlineApproaching;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.moves.Move;
import com.licensemanager.state.moves.MoveReminder;
import com.licensemanager.state.moves.Moves;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.SCHEDULED_TASKS;

/**
 * A reminder's timer fired: while the move is open and its deadline still ahead, the partner is told that it is
 * near — one {@link MoveDeadlineApproaching} per move and offset.
 *
 * <p>Unlike a charge, a reminder changes nothing in the move that a second firing could find, so the timer itself
 * is the record of it: its row is deleted in the same transaction as the reminder's outbox row, and only if it still
 * carries the version the worker claimed it under. A worker killed before committing leaves the row to be revived
 * and fired again; one killed after committing left no row; a worker that stalled until its claim was revived and
 * picked by another finds the version moved on and does nothing. Either way, one reminder per offset.
 */
class MoveReminding {

    private static final Logger log = LoggerFactory.getLogger(MoveReminding.class);

    private final DSLContext db;
    private final Moves moves;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String source;

    MoveReminding(DSLContext db, Moves moves, Outbox outbox, TransactionTemplate transactions, Clock clock,
                  String source) {
        this.db = db;
        this.moves = moves;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.source = source;
    }

    /**
     * Fires the reminder under the claim {@code claimedVersion} of its timer; answers whether this call completed
     * the timer (false: the claim was no longer the current one, and nothing was done).
     */
    boolean reminderDue(MoveReminder reminder, long claimedVersion) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (!completeTimer(reminder, claimedVersion)) {
                log.info("reminder {} of move {}: the timer was completed, cancelled or claimed again meanwhile",
                        reminder.offset(), reminder.moveId());
                return false;
            }
            Instant now = clock.instant();
            Optional<Move> open = moves.lockOpen(reminder.moveId());
            if (open.isEmpty()) {
                log.info("move {} is closed: no reminder {} before its deadline", reminder.moveId(), reminder.offset());
                return true;
            }
            Move move = open.get();
            if (!now.isBefore(move.deadline())) {
                // The worker was away until the deadline itself: the charge is what comes now, not a reminder.
                log.info("move {}: reminder {} fired at or after the deadline {}; not sent", move.id(),
                        reminder.offset(), move.deadline());
                return true;
            }
            MoveDeadlineApproaching approaching = new MoveDeadlineApproaching(move.id().toString(), move.owner(),
                    move.movedBy(), move.fromMac(), move.toMac(), LicenseLines.toLines(move.licenses()),
                    move.movedAt(), move.deadline(), reminder.offset().toMillis(),
                    Duration.between(now, move.deadline()).toMillis(), now);
            UUID eventId = UUID.nameUUIDFromBytes(("move-deadline-reminder:" + reminder.timerId())
                    .getBytes(StandardCharsets.UTF_8));
            outbox.add(List.of(new OutboxEvent(eventId, Topics.MOVE_DEADLINE_REMINDERS, move.id().toString(),
                    approaching, source, move.id().toString(), "move-deadline-reminder:" + reminder.timerId(), now)));
            log.info("move {}: unit {} not back, deadline {} in {}; reminder sent", move.id(), move.fromMac(),
                    move.deadline(), Duration.between(now, move.deadline()));
            return true;
        }));
    }

    /** Deletes the timer's row if it is still under this claim: the one place where two firings are decided. */
    private boolean completeTimer(MoveReminder reminder, long claimedVersion) {
        return db.deleteFrom(SCHEDULED_TASKS)
                .where(SCHEDULED_TASKS.TASK_NAME.eq(Moves.REMINDER_TIMER)
                        .and(SCHEDULED_TASKS.TASK_INSTANCE.eq(reminder.timerId()))
                        .and(SCHEDULED_TASKS.VERSION.eq(claimedVersion)))
                .execute() == 1;
    }
}
