package com.licensemanager.movedeadlines;

import com.licensemanager.licensing.file.LicenseFileVerifier;
import com.licensemanager.licensing.file.VerificationResult;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesMoved;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.schemas.portal.AssignRmaUnitToReplacement;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.MoveLicenses;
import com.licensemanager.schemas.repair.RmaEvent;
import com.licensemanager.state.history.History;
import com.licensemanager.state.history.SubjectKind;
import com.licensemanager.state.moves.Moves;
import com.licensemanager.state.units.LicenseSigning;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.SettableClock;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

import static com.licensemanager.platform.db.Tables.LICENSE_MOVE;
import static com.licensemanager.platform.db.Tables.SCHEDULED_TASKS;
import static com.licensemanager.platform.db.Tables.UNIT_STATUS_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Moves with their deadlines, and units through repair, over the real broker, registry and PostgreSQL, with a
 * clock the test moves: four weeks pass in an instant.
 */
@SpringBootTest(classes = MovesTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class MovesAndRmaIntegrationTest {

    private static final List<LicenseLine> PBX = MoveStories.PBX;
    private static final Duration PAST_THE_DEADLINE = Duration.ofDays(29);

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
    com.licensemanager.state.moves.Moves moves;
    @Autowired
    com.licensemanager.platform.outbox.Outbox outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    com.licensemanager.state.units.Units units;
    @Autowired
    com.licensemanager.state.publication.StatePublication states;
    @Autowired
    LicenseSigning signing;
    @Autowired
    History history;

    private LicensingPortal portal;
    private MoveStories stories;

    @org.junit.jupiter.api.BeforeEach
    void portal() {
        portal = new LicensingPortal(db);
        stories = new MoveStories(portal);
    }

    @Test
    void aMoveShowsCopyOfAndMovedToAndTheOldUnitsFileCannotBeDownloaded() {
        String account = accountWithContractAndLicenses(PBX);
        String old = licensedUnit(account, "IP811", PBX);
        String replacement = portal.ship("IP811");

        LicensesMoved moved = (LicensesMoved) accepted(account, new MoveLicenses(old, replacement, null)).getOutcome();

        assertThat(moved.getDeadline()).isEqualTo(clock.instant().plus(Duration.ofDays(28)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(verify(moved.getLicenseFile().getContent())).isInstanceOf(VerificationResult.Valid.class);
        UnitState newUnit = await().atMost(LicensingPortal.PATIENCE).until(() -> latest(replacement), s -> s != null && s.getCopyOf() != null);
        assertThat(newUnit.getCopyOf()).isEqualTo(old);
        assertThat(newUnit.getLicenses()).extracting(LicenseLine::getLicenseCode).containsExactlyInAnyOrder("PBX6#15", "BRI");
        UnitState oldUnit = await().atMost(LicensingPortal.PATIENCE).until(() -> latest(old), s -> s != null && s.getMovedTo() != null);
        assertThat(oldUnit.getMovedTo()).isEqualTo(replacement);
        assertThat(oldUnit.getLicenseFile()).isNull();
        assertThat(reasons(answer(account, new DownloadLicenseFile(old)))).containsExactly("LICENSE_FILE_NOT_AVAILABLE");
        assertThat(timers.isPending(Moves.DEADLINE_TIMER, moved.getMoveId())).isTrue();
    }

    @Test
    void aMoveWhoseOldUnitReturnsInTimeIsNeverInvoiced() {
        String moveId = moveOnce();
        String old = fromMac(moveId);

        portal.notifyRepairDesk(old, RmaEvent.RETURNED_TO_VENDOR);
        await().atMost(LicensingPortal.PATIENCE).until(() -> "RETURNED".equals(outcome(moveId)));
        assertThat(timers.isPending(Moves.DEADLINE_TIMER, moveId)).isFalse();

        clock.advance(PAST_THE_DEADLINE);
        worker.checkForDueDeadlines();
        // A deadline that would now be due is nowhere: not in the timer table, and the move stays returned.
        assertThat(db.fetchCount(SCHEDULED_TASKS, SCHEDULED_TASKS.TASK_INSTANCE.eq(moveId))).isZero();
        assertThat(outcome(moveId)).isEqualTo("RETURNED");
        assertThat(portal.values(Topics.INVOICING, moveId, MoveCharged.class)).isEmpty();
    }

    @Test
    void aMoveWhoseDeadlinePassesIsInvoicedExactlyOnce() {
        String moveId = moveOnce();
        String old = fromMac(moveId);

        clock.advance(PAST_THE_DEADLINE);
        worker.checkForDueDeadlines();

        MoveCharged charged = await().atMost(LicensingPortal.PATIENCE).until(
                () -> portal.values(Topics.INVOICING, moveId, MoveCharged.class), list -> !list.isEmpty()).get(0);
        assertThat(charged.getFromMac()).isEqualTo(old);
        assertThat(charged.getLicenses()).extracting(LicenseLine::getLicenseCode).containsExactlyInAnyOrder("PBX6#15", "BRI");
        assertThat(outcome(moveId)).isEqualTo("CHARGED");
        // The old unit's history tells why its licenses are invoiced, once, caused by the move's deadline.
        List<com.licensemanager.schemas.licensing.HistoryEntry> oldHistory = history.of(SubjectKind.UNIT, old);
        assertThat(oldHistory).extracting(entry -> entry.getChange().name()).containsExactly("SHIPPED", "LICENSED",
                "MOVED_OUT", "MOVE_CHARGED");
        assertThat(oldHistory.getLast().getRequestId()).isEqualTo(moveId);
        assertThat(oldHistory.getLast().getAccount()).isNull();

        // The unit turning up afterwards cannot undo the charge; the repair desk is told why.
        portal.notifyRepairDesk(old, RmaEvent.RETURNED_TO_VENDOR);
        assertThat(await().atMost(LicensingPortal.PATIENCE).until(() -> portal.values(Topics.RMA_REJECTIONS, old,
                RmaNotificationRejected.class), list -> !list.isEmpty()).get(0).getRejections())
                .extracting(Rejection::getReason).containsExactly("MOVE_ALREADY_CHARGED");
        assertThat(portal.values(Topics.INVOICING, moveId, MoveCharged.class)).hasSize(1);
    }

    @Test
    void aReturnAndADeadlineAtTheSameInstantHaveExactlyOneOutcome() {
        String moveId = moveOnce();
        String old = fromMac(moveId);
        clock.set(moves.find(UUID.fromString(moveId)).orElseThrow().deadline());

        CompletableFuture<Void> deadline = CompletableFuture.runAsync(worker::checkForDueDeadlines);
        portal.notifyRepairDesk(old, RmaEvent.RETURNED_TO_VENDOR);
        deadline.join();

        await().atMost(LicensingPortal.PATIENCE).until(() -> outcome(moveId) != null);
        // Whichever won, the other must have seen the move closed: the timer is gone and the return was answered.
        await().atMost(LicensingPortal.PATIENCE).until(() -> !timers.isPending(Moves.DEADLINE_TIMER, moveId));
        if ("CHARGED".equals(outcome(moveId))) {
            await().atMost(LicensingPortal.PATIENCE).until(() -> portal.values(Topics.INVOICING, moveId, MoveCharged.class).size() == 1
                    && !portal.values(Topics.RMA_REJECTIONS, old, RmaNotificationRejected.class).isEmpty());
        } else {
            assertThat(outcome(moveId)).isEqualTo("RETURNED");
            assertThat(portal.values(Topics.INVOICING, moveId, MoveCharged.class)).isEmpty();
        }
        assertThat(db.fetchCount(LICENSE_MOVE, LICENSE_MOVE.MOVE_ID.eq(UUID.fromString(moveId))
                .and(LICENSE_MOVE.OUTCOME.isNotNull()))).isEqualTo(1);
    }

    @Test
    void deadlinesDueWhileTheWorkerIsDownOrDiedMidExecutionAreChargedOnceAfterItRestarts() {
        List<String> moveIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            moveIds.add(moveOnce());
        }
        worker.stop();
        try {
            clock.advance(PAST_THE_DEADLINE);
            // As if a worker had picked two of them and been killed before finishing: picked, stale heartbeat.
            db.update(SCHEDULED_TASKS)
                    .set(SCHEDULED_TASKS.PICKED, true)
                    .set(SCHEDULED_TASKS.PICKED_BY, "killed-worker")
                    .set(SCHEDULED_TASKS.LAST_HEARTBEAT, clock.instant().minus(Duration.ofHours(1)).atOffset(java.time.ZoneOffset.UTC))
                    .where(SCHEDULED_TASKS.TASK_INSTANCE.in(moveIds.subList(0, 2)))
                    .execute();
        } finally {
            worker.start();
        }
        worker.checkForDueDeadlines();

        for (String moveId : moveIds) {
            // Reviving a dead execution and polling for it assume that time passes; the test clock only moves when
            // told to, so it moves a second per look, as a real clock would while we wait.
            await().atMost(LicensingPortal.PATIENCE).until(() -> {
                clock.advance(Duration.ofSeconds(1));
                worker.checkForDueDeadlines();
                return portal.values(Topics.INVOICING, moveId, MoveCharged.class).size() == 1;
            });
            assertThat(outcome(moveId)).isEqualTo("CHARGED");
        }
        await().atMost(LicensingPortal.PATIENCE).until(() -> db.fetchCount(SCHEDULED_TASKS,
                SCHEDULED_TASKS.TASK_INSTANCE.in(moveIds)) == 0);
        moveIds.forEach(moveId -> assertThat(portal.values(Topics.INVOICING, moveId, MoveCharged.class)).hasSize(1));
    }

    @Test
    void twoWorkersRunningAtOnceFireEachDeadlineOnce() {
        List<String> moveIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            moveIds.add(moveOnce());
        }
        MoveDeadlineWorker second = new MoveDeadlineWorker(dataSource,
                new MoveCharging(moves, units, states, outbox, transactions, clock, "second-worker"),
                new MoveReminding(db, moves, outbox, transactions, clock, "second-worker"), clock,
                Duration.ofMillis(100), "second-worker");
        second.start();
        try {
            clock.advance(PAST_THE_DEADLINE);
            CompletableFuture.allOf(CompletableFuture.runAsync(worker::checkForDueDeadlines),
                    CompletableFuture.runAsync(second::checkForDueDeadlines)).join();
            for (String moveId : moveIds) {
                await().atMost(LicensingPortal.PATIENCE).until(() -> !portal.values(Topics.INVOICING, moveId, MoveCharged.class).isEmpty());
            }
        } finally {
            second.stop();
        }
        for (String moveId : moveIds) {
            List<ConsumerRecord<String, Object>> invoices = portal.records(Topics.INVOICING, moveId);
            assertThat(invoices).hasSize(1);
            assertThat(history.of(SubjectKind.UNIT, fromMac(moveId))).as("charges in the history of the old unit")
                    .filteredOn(entry -> entry.getChange().name().equals("MOVE_CHARGED")).hasSize(1);
            assertThat(new String(invoices.get(0).headers().lastHeader(EnvelopeHeaders.ID).value(), StandardCharsets.UTF_8))
                    .isNotBlank();
        }
    }

    @Test
    void anRmaStoryFromShipmentToAVerifiedReplacement() {
        String account = accountWithContractAndLicenses(PBX);
        String broken = licensedUnit(account, "IP811", PBX);
        String replacement = portal.ship("IP811");

        portal.notifyRepairDesk(broken, RmaEvent.RECEIVED_FOR_REPAIR);
        UnitState inRepair = await().atMost(LicensingPortal.PATIENCE).until(() -> latest(broken), s -> s != null && s.getStatus() == UnitStatus.RMA);
        assertThat(inRepair.getDisplayedMac()).isEqualTo("01" + broken.substring(2));
        assertThat(inRepair.getLicenseFile()).isNull();

        LicensesMoved moved = (LicensesMoved) accepted(account,
                new AssignRmaUnitToReplacement(inRepair.getDisplayedMac(), replacement, null)).getOutcome();

        assertThat(moved.getDeadline()).isNull();
        assertThat(verify(moved.getLicenseFile().getContent())).isInstanceOf(VerificationResult.Valid.class);
        assertThat(moved.getLicenseFile().getContent()).contains(replacement);
        UnitState newUnit = await().atMost(LicensingPortal.PATIENCE).until(() -> latest(replacement), s -> s != null && s.getCopyOf() != null);
        assertThat(newUnit.getLicenses()).extracting(LicenseLine::getLicenseCode).containsExactlyInAnyOrder("PBX6#15", "BRI");
        UnitState old = await().atMost(LicensingPortal.PATIENCE).until(() -> latest(broken), s -> s != null && s.getMovedTo() != null);
        assertThat(old.getStatus()).isEqualTo(UnitStatus.RMA);
        assertThat(db.fetchCount(UNIT_STATUS_CHANGE, UNIT_STATUS_CHANGE.MAC.eq(broken).and(UNIT_STATUS_CHANGE.STATUS.eq("RMA")))).isEqualTo(1);
        assertThat(db.fetchCount(LICENSE_MOVE, LICENSE_MOVE.FROM_MAC.eq(broken).and(LICENSE_MOVE.OUTCOME.eq("REPLACED")))).isEqualTo(1);
    }

    @Test
    void movesAndRepairNotificationsThatBreakARuleAreRejectedWithTheirReason() {
        String account = accountWithContractAndLicenses(List.of(new LicenseLine("PBX6#15", 2), new LicenseLine("BRI", 2)));
        String unit = licensedUnit(account, "IP811", PBX);
        String noPbx = portal.ship("IP22");
        String stranger = portal.registerNewAccount();
        String strangersUnit = portal.ship("IP811");

        // Someone else's unit first: a stranger without a contract learns nothing about it (issue 16).
        assertThat(reasons(answer(stranger, new MoveLicenses(unit, strangersUnit, null)))).containsExactly("NOT_PERMITTED");
        String withoutContract = portal.registerNewAccount();
        portal.redeem(withoutContract, portal.issueKey(PBX.toArray(LicenseLine[]::new)).getActivationKey());
        String ownUnit = licensedUnit(withoutContract, "IP811", PBX);
        assertThat(reasons(answer(withoutContract, new MoveLicenses(ownUnit, strangersUnit, null)))).containsExactly("MOVE_CONTRACT_MISSING");
        // A target never shipped is answered like someone else's unit.
        assertThat(reasons(answer(account, new MoveLicenses(unit, portal.newMac(), null)))).containsExactly("NOT_PERMITTED");
        assertThat(reasons(answer(account, new MoveLicenses(unit, noPbx, null)))).contains("PBX_NOT_SUPPORTED");
        String othersLicensed = licensedUnit(account, "IP811", PBX);
        String strangerWithContract = accountWithContractAndLicenses(List.of(new LicenseLine("BRI", 1)));
        assertThat(reasons(answer(strangerWithContract, new MoveLicenses(othersLicensed, strangersUnit, null)))).containsExactly("NOT_PERMITTED");
        assertThat(reasons(answer(account, new AssignRmaUnitToReplacement(unit, strangersUnit, null)))).containsExactly("UNIT_NOT_IN_RMA");

        String moved = ((LicensesMoved) accepted(account, new MoveLicenses(unit, portal.ship("IP811"), null)).getOutcome()).getFromMac();
        assertThat(reasons(answer(account, new MoveLicenses(moved, portal.ship("IP811"), null)))).containsExactly("UNIT_LICENSES_MOVED");

        String unknown = portal.newMac();
        portal.notifyRepairDesk(unknown, RmaEvent.RECEIVED_FOR_REPAIR);
        assertThat(rmaReasons(unknown)).containsExactly("UNIT_UNKNOWN");
        portal.notifyRepairDesk(othersLicensed, RmaEvent.RETURNED_TO_VENDOR);
        assertThat(rmaReasons(othersLicensed)).containsExactly("NO_OPEN_MOVE");
        portal.notifyRepairDesk(othersLicensed, RmaEvent.RECEIVED_FOR_REPAIR);
        await().atMost(LicensingPortal.PATIENCE).until(() -> latest(othersLicensed), s -> s != null && s.getStatus() == UnitStatus.RMA);
        portal.notifyRepairDesk(othersLicensed, RmaEvent.RECEIVED_FOR_REPAIR);
        await().atMost(LicensingPortal.PATIENCE).untilAsserted(() -> assertThat(allRmaReasons(othersLicensed)).contains("UNIT_ALREADY_IN_RMA"));
        assertThat(reasons(answer(account, new MoveLicenses(othersLicensed, portal.ship("IP811"), null)))).containsExactly("UNIT_IN_RMA");
    }

    private String accountWithContractAndLicenses(List<LicenseLine> licenses) {
        return stories.accountWithContractAndLicenses(licenses);
    }

    private String licensedUnit(String account, String model, List<LicenseLine> licenses) {
        return stories.licensedUnit(account, model, licenses);
    }

    private LicenseResult accepted(String account, Object command) {
        return stories.accepted(account, command);
    }

    private LicenseResult answer(String account, Object command) {
        return stories.answer(account, command);
    }

    private String moveOnce() {
        return stories.moveOnce().getMoveId();
    }

    private String fromMac(String moveId) {
        return moves.find(UUID.fromString(moveId)).orElseThrow().fromMac();
    }

    private String outcome(String moveId) {
        return db.select(LICENSE_MOVE.OUTCOME).from(LICENSE_MOVE).where(LICENSE_MOVE.MOVE_ID.eq(UUID.fromString(moveId)))
                .fetchSingle(LICENSE_MOVE.OUTCOME);
    }

    private UnitState latest(String mac) {
        List<UnitState> states = portal.values(Topics.UNITS, mac, UnitState.class);
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    private VerificationResult verify(String content) {
        return new LicenseFileVerifier(signing.publicKey()).verify(content.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> reasons(LicenseResult result) {
        assertThat(result.getAccepted()).isFalse();
        return result.getRejections().stream().map(Rejection::getReason).toList();
    }

    private List<String> rmaReasons(String mac) {
        return await().atMost(LicensingPortal.PATIENCE).until(() -> allRmaReasons(mac), list -> !list.isEmpty());
    }

    private List<String> allRmaReasons(String mac) {
        return portal.values(Topics.RMA_REJECTIONS, mac, RmaNotificationRejected.class).stream()
                .flatMap(r -> r.getRejections().stream()).map(Rejection::getReason).toList();
    }
}
