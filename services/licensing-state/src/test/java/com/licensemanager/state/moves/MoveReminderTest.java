package com.licensemanager.state.moves;

import com.licensemanager.licensing.code.LicenseBundle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoveReminderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final List<Duration> WEEK_AND_DAY = List.of(Duration.ofDays(7), Duration.ofDays(1));

    @Test
    void aMoveWithTheUsualDeadlineGetsOneReminderPerOffsetDueThatLongBeforeIt() {
        Move move = move(Duration.ofDays(28));

        List<MoveReminder> reminders = MoveReminder.toSet(move, WEEK_AND_DAY, NOW);

        assertThat(reminders).extracting(MoveReminder::offset).containsExactly(Duration.ofDays(7), Duration.ofDays(1));
        assertThat(reminders).extracting(reminder -> reminder.dueAt(move.deadline()))
                .containsExactly(NOW.plus(Duration.ofDays(21)), NOW.plus(Duration.ofDays(27)));
    }

    @Test
    void anOffsetWhoseMomentHasPassedWhenTheMoveIsMadeGetsNoReminder() {
        assertThat(MoveReminder.toSet(move(Duration.ofDays(3)), WEEK_AND_DAY, NOW))
                .extracting(MoveReminder::offset).containsExactly(Duration.ofDays(1));
        // Due at the very moment of the move is as late as before it: the move's answer told the deadline already.
        assertThat(MoveReminder.toSet(move(Duration.ofDays(1)), WEEK_AND_DAY, NOW)).isEmpty();
        assertThat(MoveReminder.toSet(move(Duration.ofHours(1)), WEEK_AND_DAY, NOW)).isEmpty();
    }

    @Test
    void anOffsetConfiguredTwiceIsOneReminderAndAMoveWithoutDeadlineHasNone() {
        assertThat(MoveReminder.toSet(move(Duration.ofDays(28)), List.of(Duration.ofDays(1), Duration.ofDays(1)), NOW))
                .hasSize(1);
        Move replacement = new Move(UUID.randomUUID(), Move.Kind.RMA_REPLACEMENT, "alice", "alice",
                "00-90-33-00-00-01", "00-90-33-00-00-02", NOW, null, LicenseBundle.empty());
        assertThat(MoveReminder.toSet(replacement, WEEK_AND_DAY, NOW)).isEmpty();
    }

    @Test
    void theTimerIdNamesMoveAndOffsetAndReadsBack() {
        MoveReminder reminder = new MoveReminder(UUID.randomUUID(), Duration.ofDays(7));

        assertThat(reminder.timerId()).isEqualTo(reminder.moveId() + "/PT168H");
        assertThat(MoveReminder.ofTimerId(reminder.timerId())).isEqualTo(reminder);
        assertThatThrownBy(() -> MoveReminder.ofTimerId(reminder.moveId().toString()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOffsetMustBePositive() {
        assertThatThrownBy(() -> new MoveReminder(UUID.randomUUID(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MoveReminder(UUID.randomUUID(), Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Move move(Duration deadline) {
        return new Move(UUID.randomUUID(), Move.Kind.MOVE, "alice", "alice", "00-90-33-00-00-01",
                "00-90-33-00-00-02", NOW, NOW.plus(deadline), LicenseBundle.empty());
    }
}
