package com.licensemanager.movedeadlines;

import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.LicensesMoved;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.licensing.MoveDeadlineApproaching;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.state.moves.MoveReminder;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.SettableClock;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import static com.licensemanager.platform.db.Tables.LICENSE_MOVE;
import static com.licensemanager.platform.db.Tables.SCHEDULED_TASKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reminders before a move is invoiced (issue 17), over the real broker, registry and PostgreSQL, with the clock the
 * test moves. The test context reminds 7 days and 1 day before the deadline, and 30 days before it, which is never
 * possible with the 28-day deadline (application.properties).
 */
@SpringBootTest(classes = MovesTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class MoveDeadlineRemindersIntegrationTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration MONTH = Duration.ofDays(30);

    @Autowired
    DSLContext db;
    @Autowired
    SettableClock clock;
    @Autowired
    MoveDeadlineWorker worker;
    @Autowired
    DurableTimers timers;
    @Autowired
    DataSource dataSource;
    @Autowired
    Moves moves;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    com.licensemanager.state.units.Units units;
    @Autowired
    com.licensemanager.state.publication.StatePublication states;

    private LicensingPortal portal;
    private MoveStories stories;

    @BeforeEach
    void portal() {
        portal = new LicensingPortal(db);
        stories = new MoveStories(portal);
    }

    @Test
    void aMoveLeftOpenIsRemindedAtEachOffsetExactlyOnceAndThenCharged() {
        LicensesMoved move = stories.moveOnce();
        String moveId = move.getMoveId();
        Instant deadline = move.getDeadline();
        assertThat(reminderPending(moveId, WEEK)).isTrue();
        assertThat(reminderPending(moveId, DAY)).isTrue();

        clock.set(deadline.minus(WEEK).minusSeconds(1));
        worker.checkForDueDeadlines();
        // A second before its moment the reminder is still waiting; nothing was sent.
        assertThat(reminderPending(moveId, WEEK)).isTrue();

        clock.set(deadline.minus(WEEK));
        fireUntil(() -> !reminderPending(moveId, WEEK));
        MoveDeadlineApproaching week = await().atMost(LicensingPortal.PATIENCE)
                .until(() -> reminders(moveId), list -> !list.isEmpty()).get(0);
        assertThat(week.getOffsetMillis()).isEqualTo(WEEK.toMillis());
        assertThat(week.getTimeLeftMillis()).isPositive().isLessThanOrEqualTo(WEEK.toMillis());
        assertThat(week.getDeadline()).isEqualTo(deadline);
        assertThat(week.getFromMac()).isEqualTo(move.getFromMac());
        assertThat(week.getToMac()).isEqualTo(move.getToMac());
        assertThat(week.getBalanceOwner()).isEqualTo(moves.find(UUID.fromString(moveId)).orElseThrow().owner());
        assertThat(week.getLicenses()).extracting(LicenseLine::getLicenseCode).containsExactlyInAnyOrder("PBX6#15", "BRI");
        assertThat(reminderPending(moveId, DAY)).isTrue();

        clock.set(deadline.minus(DAY));
        fireUntil(() -> !reminderPending(moveId, DAY));
        await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(moveId).size() == 2);

        clock.set(deadline.plusSeconds(1));
        fireUntil(() -> portal.values(Topics.INVOICING, moveId, MoveCharged.class).size() == 1);
        // Published after both reminders (outbox order), the charge is seen last: no reminder came twice by then.
        assertThat(reminders(moveId)).extracting(MoveDeadlineApproaching::getOffsetMillis)
                .containsExactly(WEEK.toMillis(), DAY.toMillis());
        assertThat(reminderIds(moveId)).containsExactly(eventId(moveId, WEEK), eventId(moveId, DAY));
    }

    @Test
    void noReminderIsSetOrSentForAnOffsetWhoseMomentHadPassedWhenTheMoveWasMade() {
        LicensesMoved move = stories.moveOnce();
        String moveId = move.getMoveId();

        // 30 days before a 28-day deadline is before the move: no timer at all, whatever happens later.
        assertThat(reminderPending(moveId, MONTH)).isFalse();
        assertThat(db.fetchCount(SCHEDULED_TASKS, SCHEDULED_TASKS.TASK_NAME.eq(Moves.REMINDER_TIMER)
                .and(SCHEDULED_TASKS.TASK_INSTANCE.startsWith(moveId)))).isEqualTo(2);

        clock.set(move.getDeadline().minus(DAY));
        fireUntil(() -> !reminderPending(moveId, WEEK) && !reminderPending(moveId, DAY));
        await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(moveId).size() == 2);
        assertThat(reminders(moveId)).extracting(MoveDeadlineApproaching::getOffsetMillis)
                .doesNotContain(MONTH.toMillis());
    }

    @Test
    void noReminderAfterTheOldUnitWasReturned() {
        LicensesMoved move = stories.moveOnce();
        String moveId = move.getMoveId();
        clock.set(move.getDeadline().minus(WEEK));
        fireUntil(() -> !reminderPending(moveId, WEEK));
        await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(moveId).size() == 1);

        portal.notifyRepairDesk(move.getFromMac(), RmaEvent.RETURNED_TO_VENDOR);
        await().atMost(LicensingPortal.PATIENCE).until(() -> "RETURNED".equals(outcome(moveId)));

        clock.set(move.getDeadline().minus(DAY));
        // The day's timer fires, finds the move closed and is done with, sending nothing.
        fireUntil(() -> !reminderPending(moveId, DAY));
        clock.set(move.getDeadline().plus(DAY));
        worker.checkForDueDeadlines();
        assertThat(outcome(moveId)).isEqualTo("RETURNED");
        assertThat(reminders(moveId)).extracting(MoveDeadlineApproaching::getOffsetMillis)
                .containsExactly(WEEK.toMillis());
    }

    @Test
    void noReminderAfterTheChargeNorOnceTheDeadlineHasCome() {
        LicensesMoved charged = stories.moveOnce();
        LicensesMoved late = stories.moveOnce();
        worker.stop();
        try {
            clock.set(charged.getDeadline().plusSeconds(1));
            // Charged first, by hand, as if another worker had fired the deadline: its reminders then find it closed.
            new MoveCharging(moves, units, states, outbox, transactions, clock, "test").deadlinePassed(UUID.fromString(charged.getMoveId()));
        } finally {
            worker.start();
        }
        // The other move's reminders and deadline are all due at once, in whatever order the worker takes them: a
        // reminder after the charge finds the move closed, one before it finds the deadline come.
        clock.set(late.getDeadline().plusSeconds(1));
        for (LicensesMoved move : List.of(charged, late)) {
            String moveId = move.getMoveId();
            fireUntil(() -> !reminderPending(moveId, WEEK) && !reminderPending(moveId, DAY)
                    && !timers.isPending(Moves.DEADLINE_TIMER, moveId));
            await().atMost(LicensingPortal.PATIENCE).until(() -> portal.values(Topics.INVOICING, moveId, MoveCharged.class).size() == 1);
            assertThat(outcome(moveId)).isEqualTo("CHARGED");
            assertThat(reminders(moveId)).isEmpty();
        }
    }

    @Test
    void aClaimAbandonedMidWayIsRevivedAndRemindsOnce() {
        List<LicensesMoved> moved = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            moved.add(stories.moveOnce());
        }
        worker.stop();
        try {
            clock.set(moved.get(moved.size() - 1).getDeadline().minus(WEEK));
            // As if a worker had picked the week's reminders of two moves and been killed before committing.
            db.update(SCHEDULED_TASKS)
                    .set(SCHEDULED_TASKS.PICKED, true)
                    .set(SCHEDULED_TASKS.PICKED_BY, "killed-worker")
                    .set(SCHEDULED_TASKS.VERSION, SCHEDULED_TASKS.VERSION.plus(1))
                    .set(SCHEDULED_TASKS.LAST_HEARTBEAT, clock.instant().minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
                    .where(SCHEDULED_TASKS.TASK_NAME.eq(Moves.REMINDER_TIMER).and(SCHEDULED_TASKS.TASK_INSTANCE.in(
                            timerId(moved.get(0).getMoveId(), WEEK), timerId(moved.get(1).getMoveId(), WEEK))))
                    .execute();
        } finally {
            worker.start();
        }
        for (LicensesMoved move : moved) {
            fireUntil(() -> !reminderPending(move.getMoveId(), WEEK));
        }
        for (LicensesMoved move : moved) {
            await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(move.getMoveId()).size() == 1);
        }
        // The day's reminders come afterwards, in outbox order: no week's reminder came a second time before them.
        clock.set(moved.get(moved.size() - 1).getDeadline().minus(DAY));
        for (LicensesMoved move : moved) {
            fireUntil(() -> !reminderPending(move.getMoveId(), DAY));
            await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(move.getMoveId()).size() == 2);
            assertThat(reminderIds(move.getMoveId())).containsExactly(eventId(move.getMoveId(), WEEK),
                    eventId(move.getMoveId(), DAY));
        }
    }

    @Test
    void twoWorkersFiringTheSameRemindersAtOnceSendEachOnce() throws Exception {
        List<LicensesMoved> moved = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            moved.add(stories.moveOnce());
        }
        MoveReminding secondReminding = new MoveReminding(db, moves, outbox, transactions, clock, "second-worker");
        MoveDeadlineWorker second = new MoveDeadlineWorker(dataSource,
                new MoveCharging(moves, units, states, outbox, transactions, clock, "second-worker"), secondReminding, clock,
                Duration.ofMillis(100), "second-worker");
        second.start();
        try {
            clock.set(moved.get(moved.size() - 1).getDeadline().minus(WEEK));
            CompletableFuture.allOf(CompletableFuture.runAsync(worker::checkForDueDeadlines),
                    CompletableFuture.runAsync(second::checkForDueDeadlines)).join();
            for (LicensesMoved move : moved) {
                fireUntil(() -> !reminderPending(move.getMoveId(), WEEK));
            }
        } finally {
            second.stop();
        }

        // Stronger than db-scheduler's SKIP LOCKED: a worker that stalled until its claim was revived and claimed
        // again, and two firings under the very same claim, meet at the timer row's delete.
        String moveId = moved.get(0).getMoveId();
        MoveReminder day = new MoveReminder(UUID.fromString(moveId), DAY);
        var dayTimer = SCHEDULED_TASKS.TASK_NAME.eq(Moves.REMINDER_TIMER).and(SCHEDULED_TASKS.TASK_INSTANCE.eq(day.timerId()));
        worker.stop();
        List<Boolean> completed;
        try {
            clock.set(moved.get(0).getDeadline().minus(DAY));
            long stale = db.select(SCHEDULED_TASKS.VERSION).from(SCHEDULED_TASKS).where(dayTimer).fetchSingle(SCHEDULED_TASKS.VERSION);
            // Revived and picked again meanwhile: db-scheduler moves the version on with each.
            db.update(SCHEDULED_TASKS).set(SCHEDULED_TASKS.VERSION, stale + 2).where(dayTimer).execute();
            assertThat(secondReminding.reminderDue(day, stale)).isFalse();
            assertThat(reminderPending(moveId, DAY)).as("the stale worker left the timer to its current claim").isTrue();

            CyclicBarrier together = new CyclicBarrier(2);
            Callable<Boolean> fire = () -> {
                together.await();
                return secondReminding.reminderDue(day, stale + 2);
            };
            var first = CompletableFuture.supplyAsync(() -> call(fire));
            var other = CompletableFuture.supplyAsync(() -> call(fire));
            completed = List.of(first.get(), other.get());
        } finally {
            worker.start();
        }
        assertThat(completed).containsExactlyInAnyOrder(true, false);
        await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(moveId).size() == 2);

        // Everything published by now: each move's week reminder once, and the raced day reminder once.
        clock.set(moved.get(moved.size() - 1).getDeadline().minus(DAY));
        for (LicensesMoved move : moved) {
            fireUntil(() -> !reminderPending(move.getMoveId(), DAY));
            await().atMost(LicensingPortal.PATIENCE).until(() -> reminders(move.getMoveId()).size() == 2);
        }
        for (LicensesMoved move : moved) {
            assertThat(reminderIds(move.getMoveId())).containsExactly(eventId(move.getMoveId(), WEEK),
                    eventId(move.getMoveId(), DAY));
        }
    }

    /**
     * Asks the worker to look for due timers until the condition holds. Reviving a dead execution and polling
     * assume that time passes; the test clock only moves when told to, so it moves a second per look.
     */
    private void fireUntil(BooleanSupplier condition) {
        await().atMost(LicensingPortal.PATIENCE).until(() -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            clock.advance(Duration.ofSeconds(1));
            worker.checkForDueDeadlines();
            return condition.getAsBoolean();
        });
    }

    private boolean reminderPending(String moveId, Duration offset) {
        return timers.isPending(Moves.REMINDER_TIMER, timerId(moveId, offset));
    }

    private static String timerId(String moveId, Duration offset) {
        return new MoveReminder(UUID.fromString(moveId), offset).timerId();
    }

    private static String eventId(String moveId, Duration offset) {
        return UUID.nameUUIDFromBytes(("move-deadline-reminder:" + timerId(moveId, offset))
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private List<MoveDeadlineApproaching> reminders(String moveId) {
        return portal.values(Topics.MOVE_DEADLINE_REMINDERS, moveId, MoveDeadlineApproaching.class);
    }

    private List<String> reminderIds(String moveId) {
        return portal.records(Topics.MOVE_DEADLINE_REMINDERS, moveId).stream()
                .map(ConsumerRecord::headers).map(headers -> headers.lastHeader(EnvelopeHeaders.ID))
                .map(header -> new String(header.value(), StandardCharsets.UTF_8)).toList();
    }

    private String outcome(String moveId) {
        return db.select(LICENSE_MOVE.OUTCOME).from(LICENSE_MOVE).where(LICENSE_MOVE.MOVE_ID.eq(UUID.fromString(moveId)))
                .fetchSingle(LICENSE_MOVE.OUTCOME);
    }

    private static <T> T call(Callable<T> callable) {
        try {
            return callable.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
