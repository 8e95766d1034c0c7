package com.licensemanager.movedeadlines;

import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.state.licenses.LicenseLines;
import com.licensemanager.state.moves.Move;
import com.licensemanager.state.moves.Moves;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A move's deadline has passed: unless the old unit's return closed the move first, its licenses are charged —
 * the move closes as CHARGED and one invoicing event is written, in one transaction. Firing twice (a worker died
 * after committing, two workers raced) finds the move closed and does nothing.
 */
class MoveCharging {

    private static final Logger log = LoggerFactory.getLogger(MoveCharging.class);

    private final Moves moves;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String source;

    MoveCharging(Moves moves, Outbox outbox, TransactionTemplate transactions, Clock clock, String source) {
        this.moves = moves;
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
            outbox.add(List.of(new OutboxEvent(eventId, Topics.INVOICING, moveId.toString(), charged, source,
                    moveId.toString(), "move-deadline:" + moveId, now)));
            log.info("move {} charged: unit {} did not reach the vendor by {}", moveId, move.fromMac(), move.deadline());
        });
    }
}
