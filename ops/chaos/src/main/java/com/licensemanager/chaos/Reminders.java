package com.licensemanager.chaos;

import com.licensemanager.schemas.licensing.MoveDeadlineApproaching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reminders of move deadlines (issue 17) as the run saw them, and what each move should have got: exactly one
 * per offset while it was open and its deadline ahead; a republication only under the same {@code ce_id}.
 *
 * <p>A move charged without one of its reminders is excused only if a fault was being injected or healed (plus the
 * time a dead worker's claim takes to be revived) at some point between the reminder's moment and the deadline:
 * then the worker may well have found the deadline come, which rightly sends nothing.
 */
final class Reminders {

    /**
     * What may still hold a reminder up after recovery is declared: a claim whose worker was killed is revived after
     * db-scheduler's six missed heartbeats of 5 s, then picked at the next 1 s poll.
     */
    private static final long AFTER_RECOVERY_MILLIS = Duration.ofSeconds(35).toMillis();

    /** moveId -> offset (ms) -> ce_id -> the reminder */
    private final Map<String, Map<Long, Map<String, MoveDeadlineApproaching>>> seen = new HashMap<>();
    private final List<long[]> faults = new ArrayList<>();
    private final Set<String> excused = new HashSet<>();

    /** For the service instances: {@code 6s,3s} for a 10 s deadline, so that every move lives through both. */
    static List<Duration> offsetsFor(int moveDeadlineSeconds) {
        return List.of(Duration.ofSeconds(moveDeadlineSeconds * 2L / 3), Duration.ofSeconds(moveDeadlineSeconds / 3L));
    }

    static String argument(List<Duration> offsets) {
        return "--licensing.moves.reminders=" + offsets.stream().map(offset -> offset.toSeconds() + "s")
                .collect(Collectors.joining(","));
    }

    synchronized void onReminder(String ceId, MoveDeadlineApproaching reminder) {
        seen.computeIfAbsent(reminder.getMoveId(), id -> new HashMap<>())
                .computeIfAbsent(reminder.getOffsetMillis(), offset -> new HashMap<>())
                .putIfAbsent(ceId, reminder);
    }

    /** A fault from its injection until the run declared it recovered, in wall-clock milliseconds. */
    synchronized void fault(long fromMillis, long recoveredMillis) {
        faults.add(new long[] {fromMillis, recoveredMillis + AFTER_RECOVERY_MILLIS});
    }

    /**
     * What is wrong with an ended move's reminders, or null. {@code outcome} as in license_move; times in epoch
     * milliseconds of the service's clock (the same host's).
     */
    synchronized Problem check(String moveId, String outcome, long deadline, long closedAt, List<Duration> offsets) {
        Map<Long, Map<String, MoveDeadlineApproaching>> byOffset = seen.getOrDefault(moveId, Map.of());
        for (var entry : byOffset.entrySet()) {
            if (entry.getValue().size() > 1) {
                return new Problem(Chaos.Finding.DUPLICATED, "reminded " + entry.getValue().size()
                        + " times for the offset of " + entry.getKey() + " ms: " + entry.getValue().keySet());
            }
            MoveDeadlineApproaching reminder = entry.getValue().values().iterator().next();
            long at = reminder.getRemindedAt().toEpochMilli();
            if (at >= deadline || reminder.getTimeLeftMillis() <= 0) {
                return new Problem(Chaos.Finding.WRONG, "reminded at or after the deadline: " + reminder);
            }
            if (outcome.equals("RETURNED") && at > closedAt) {
                return new Problem(Chaos.Finding.WRONG, "reminded after the unit was returned: " + reminder);
            }
        }
        if (!outcome.equals("CHARGED")) {
            return null;
        }
        for (Duration offset : offsets) {
            if (byOffset.containsKey(offset.toMillis())) {
                continue;
            }
            long due = deadline - offset.toMillis();
            if (faults.stream().anyMatch(fault -> fault[0] <= deadline && fault[1] >= due)) {
                excused.add(moveId + "/" + offset);
                continue;
            }
            return new Problem(Chaos.Finding.LOST, "charged without the reminder " + offset
                    + " before the deadline, and no fault in between");
        }
        return null;
    }

    synchronized Map<String, Object> summary(List<Duration> offsets) {
        return Map.of("offsets", offsets.stream().map(Duration::toString).toList(),
                "sent", seen.values().stream().mapToLong(Map::size).sum(),
                "missedDuringFaults", excused.size());
    }

    record Problem(Chaos.Finding finding, String text) {
    }
}
