package com.licensemanager.state.moves;

import com.licensemanager.licensing.code.LicenseBundle;
import com.licensemanager.state.licenses.LicenseLines;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.LICENSE_MOVE;
import static com.licensemanager.platform.db.Tables.LICENSE_MOVE_LINE;

/** Moves of licenses between units, and their single outcome. */
public class Moves {

    /** The durable timer of a move's deadline; its instance id is the move id. */
    public static final String DEADLINE_TIMER = "move-deadline";
    /** The durable timers of a move's reminders, one per offset; instance ids as {@link MoveReminder#timerId()}. */
    public static final String REMINDER_TIMER = "move-deadline-reminder";

    private final DSLContext db;

    public Moves(DSLContext db) {
        this.db = db;
    }

    public void open(Move move) {
        db.insertInto(LICENSE_MOVE)
                .set(LICENSE_MOVE.MOVE_ID, move.id())
                .set(LICENSE_MOVE.KIND, move.kind().name())
                .set(LICENSE_MOVE.OWNER, move.owner())
                .set(LICENSE_MOVE.MOVED_BY, move.movedBy())
                .set(LICENSE_MOVE.FROM_MAC, move.fromMac())
                .set(LICENSE_MOVE.TO_MAC, move.toMac())
                .set(LICENSE_MOVE.MOVED_AT, utc(move.movedAt()))
                .set(LICENSE_MOVE.DEADLINE, utc(move.deadline()))
                .execute();
        var lines = db.insertInto(LICENSE_MOVE_LINE, LICENSE_MOVE_LINE.MOVE_ID, LICENSE_MOVE_LINE.LICENSE_CODE,
                LICENSE_MOVE_LINE.QUANTITY);
        for (var line : move.licenses().quantities().entrySet()) {
            lines = lines.values(move.id(), line.getKey().print(), line.getValue());
        }
        lines.execute();
    }

    /**
     * Closes the move with this outcome unless it was closed already; answers whether this call closed it. The one
     * conditional update is where a return and a deadline racing each other are decided: only one can match.
     */
    public boolean close(UUID moveId, Move.Outcome outcome, Instant at) {
        return db.update(LICENSE_MOVE)
                .set(LICENSE_MOVE.OUTCOME, outcome.name())
                .set(LICENSE_MOVE.CLOSED_AT, utc(at))
                .where(LICENSE_MOVE.MOVE_ID.eq(moveId).and(LICENSE_MOVE.OUTCOME.isNull()))
                .execute() == 1;
    }

    public Optional<Move> find(UUID moveId) {
        return db.selectFrom(LICENSE_MOVE).where(LICENSE_MOVE.MOVE_ID.eq(moveId)).fetchOptional().map(this::toMove);
    }

    /**
     * The move if it is still open, locked until the caller's transaction ends: a return or a charge committing
     * meanwhile is waited for and then seen, so nothing decided on an open move can follow its closing.
     */
    public Optional<Move> lockOpen(UUID moveId) {
        return db.selectFrom(LICENSE_MOVE).where(LICENSE_MOVE.MOVE_ID.eq(moveId).and(LICENSE_MOVE.OUTCOME.isNull()))
                .forUpdate().fetchOptional().map(this::toMove);
    }

    /** The open move (with a deadline) of licenses off this unit, if there is one. */
    public Optional<Move> openMoveFrom(String fromMac) {
        return db.selectFrom(LICENSE_MOVE)
                .where(LICENSE_MOVE.FROM_MAC.eq(fromMac).and(LICENSE_MOVE.OUTCOME.isNull())
                        .and(LICENSE_MOVE.KIND.eq(Move.Kind.MOVE.name())))
                .fetchOptional().map(this::toMove);
    }

    public Optional<Move.Outcome> lastOutcomeFrom(String fromMac) {
        return db.select(LICENSE_MOVE.OUTCOME).from(LICENSE_MOVE)
                .where(LICENSE_MOVE.FROM_MAC.eq(fromMac).and(LICENSE_MOVE.OUTCOME.isNotNull()))
                .orderBy(LICENSE_MOVE.CLOSED_AT.desc()).limit(1)
                .fetchOptional(LICENSE_MOVE.OUTCOME).map(Move.Outcome::valueOf);
    }


    private Move toMove(Record row) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        UUID id = row.get(LICENSE_MOVE.MOVE_ID);
        db.selectFrom(LICENSE_MOVE_LINE).where(LICENSE_MOVE_LINE.MOVE_ID.eq(id)).fetch()
                .forEach(line -> quantities.put(line.getLicenseCode(), line.getQuantity()));
        LicenseBundle licenses = LicenseLines.fromStored(quantities);
        OffsetDateTime deadline = row.get(LICENSE_MOVE.DEADLINE);
        return new Move(id, Move.Kind.valueOf(row.get(LICENSE_MOVE.KIND)), row.get(LICENSE_MOVE.OWNER),
                row.get(LICENSE_MOVE.MOVED_BY), row.get(LICENSE_MOVE.FROM_MAC), row.get(LICENSE_MOVE.TO_MAC),
                row.get(LICENSE_MOVE.MOVED_AT).toInstant(), deadline == null ? null : deadline.toInstant(), licenses);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
