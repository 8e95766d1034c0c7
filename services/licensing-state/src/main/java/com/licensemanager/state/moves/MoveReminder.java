package com.licensemanager.state.moves;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One reminder of a move's deadline: due {@code offset} before it. Each is a durable timer of its own
 * ({@link Moves#REMINDER_TIMER}) whose instance id names the move and the offset, so a worker that fires it needs
 * nothing but the id, and a move has at most one timer, hence at most one reminder, per offset.
 */
public record MoveReminder(UUID moveId, Duration offset) {

    private static final char SEPARATOR = '/';

    public MoveReminder {
        Objects.requireNonNull(moveId, "moveId");
        if (offset == null || offset.isNegative() || offset.isZero()) {
            throw new IllegalArgumentException("a reminder comes a positive time before the deadline, not " + offset);
        }
    }

    /**
     * The reminders to set for a move made {@code now}: one per distinct offset, except those whose moment is not
     * after {@code now} (a deadline shorter than the offset): a reminder that late would say less than the move's
     * answer did. A move without a deadline (an RMA replacement) has none.
     */
    public static List<MoveReminder> toSet(Move move, Collection<Duration> offsets, Instant now) {
        if (move.deadline() == null) {
            return List.of();
        }
        return offsets.stream().distinct().map(offset -> new MoveReminder(move.id(), offset))
                .filter(reminder -> reminder.dueAt(move.deadline()).isAfter(now))
                .sorted(Comparator.comparing(MoveReminder::offset).reversed())
                .toList();
    }

    /** Reads a timer's instance id back; the inverse of {@link #timerId()}. */
    public static MoveReminder ofTimerId(String timerId) {
        int separator = timerId.indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("not a move reminder's timer id: " + timerId);
        }
        return new MoveReminder(UUID.fromString(timerId.substring(0, separator)),
                Duration.parse(timerId.substring(separator + 1)));
    }

    /** {@code <move id>/<ISO-8601 offset>}, e.g. {@code 5b0e…/PT168H}. */
    public String timerId() {
        return moveId.toString() + SEPARATOR + offset;
    }

    public Instant dueAt(Instant deadline) {
        return deadline.minus(offset);
    }
}
