package com.licensemanager.requests.direct;

import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.kafka.OutgoingEvents;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.HistoryEntry;
import com.licensemanager.schemas.licensing.TransferKeyCreated;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
import com.licensemanager.state.history.Cause;
import com.licensemanager.state.history.History;
import com.licensemanager.state.history.HistoryChange;
import com.licensemanager.state.history.HistorySums;
import com.licensemanager.state.history.SubjectChange;
import com.licensemanager.state.history.SubjectKind;
import com.licensemanager.testsupport.portal.LicensingPortal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;

import static com.licensemanager.platform.db.Tables.HISTORY_ENTRY;
import static com.licensemanager.platform.db.Tables.OUTBOX;
import static com.licensemanager.testsupport.portal.LicensingPortal.figures;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17's history, decided on a real PostgreSQL without a broker: every accepted change of a unit or balance has
 * one entry, written with the change, in order, with its cause; a balance's entries add up to its lines and a
 * unit's to its licenses; rejections and requests that change nothing write none; a redelivered or re-sent request
 * writes no second entry, and the table refuses a second entry for the same change and every update or delete.
 */
class HistoryDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    @Test
    void aUnitsHistoryListsEveryChangeInOrderWithItsCauseAndTheStateAfter() {
        String owner = registered();
        String endUser = registered();
        licensing.call(owner, new RedeemActivationKey(licensing.issueKey(line("Channels", 10)))).assertAccepted();
        String mac = licensing.ship("IP811");

        LicenseRequest assign = LicensingPortal.request(owner, new AssignLicenses(mac, null,
                List.of(line("Channels", 2)), "Customer", null, null, null));
        String assignMessage = licensing.deliver(assign);
        licensing.call(owner, new AddLicenses(mac, List.of(line("Channels", 3)))).assertAccepted();
        licensing.call(owner, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(endUser))).assertAccepted();
        licensing.call(owner, new SetUnitDetails(mac, null, "Floor 2", null, null)).assertAccepted();
        // Nothing changes: no entry.
        licensing.call(owner, new DownloadLicenseFile(mac)).assertAccepted();
        licensing.call(owner, new QuoteAssignment(mac, null)).assertAccepted();
        licensing.call(owner, new AddLicenses(mac, List.of(line("Channels", 1_000)))).assertRejected(
                "CHANNELS_ABOVE_DSP_MAXIMUM", "INSUFFICIENT_BALANCE");

        List<HistoryEntry> history = history().of(SubjectKind.UNIT, mac);
        assertThat(history).extracting(entry -> entry.getChange().name())
                .containsExactly("LICENSED", "ADDED", "SHARED", "DETAILS_CHANGED");
        assertThat(history).extracting(HistoryEntry::getPosition).isSorted().doesNotHaveDuplicates();
        assertThat(history).allSatisfy(entry -> {
            assertThat(entry.getAccount()).isEqualTo(owner);
            assertThat(entry.getOwnerAfter()).isEqualTo(owner);
            assertThat(entry.getOccurredAt()).isEqualTo(licensing.clock().instant());
        });
        HistoryEntry licensed = history.getFirst();
        assertThat(licensed.getRequestId()).isEqualTo(assign.getRequestId());
        assertThat(licensed.getCorrelationId()).isEqualTo("corr-" + assignMessage);
        assertThat(quantities(licensed.getLicenses())).containsExactlyEntriesOf(java.util.Map.of("Channels", 2));
        assertThat(quantities(history.get(1).getLicensesAfter())).containsEntry("Channels", 5);
        assertThat(history.get(2).getRelated()).isEqualTo(endUser);

        UnitState state = licensing.latestState(Topics.UNITS, mac, UnitState.class);
        assertThat(HistorySums.unitLicenses(history)).isEqualTo(quantities(state.getLicenses()));
        assertThat(history.getLast().getLicensesAfter()).isEqualTo(state.getLicenses());
        // Published as written: one event per entry, its ce_id the entry id, keyed by the MAC, with its position.
        assertThat(published(mac)).isEqualTo(history);
    }

    @Test
    void aBalancesHistoryAddsUpToItsLinesThroughRedemptionsAssignmentsAndTransferKeys() {
        String giver = registered();
        String taker = registered();
        licensing.call(giver, new RedeemActivationKey(licensing.issueKey(line("Channels", 10), line("PBX6#15", 1))))
                .assertAccepted();
        licensing.call(giver, new RedeemActivationKey(licensing.issueKey(line("Channels", 5)))).assertAccepted();
        String mac = licensing.ship("IP811");
        // Two changes of one balance in one batch: each has its entry, in the order decided.
        List<String> batch = licensing.deliverInOneBatch(List.of(
                LicensingPortal.request(giver, new AssignLicenses(mac, null, List.of(line("Channels", 2)), null,
                        null, null, null)),
                LicensingPortal.request(giver, new AddLicenses(mac, List.of(line("Channels", 1))))));
        batch.forEach(message -> licensing.answersTo(message).getFirst().assertAccepted());
        String key = licensing.call(giver, new CreateTransferKey(List.of(line("Channels", 4))))
                .outcome(TransferKeyCreated.class).getActivationKey();
        licensing.call(taker, new RedeemActivationKey(key)).assertAccepted();

        List<HistoryEntry> given = history().of(SubjectKind.BALANCE, giver);
        assertThat(given).extracting(entry -> entry.getChange().name()).containsExactly("KEY_REDEEMED",
                "KEY_REDEEMED", "LICENSED", "ADDED", "TRANSFER_KEY_CREATED", "TRANSFER_KEY_REDEEMED");
        assertThat(given.get(2).getRelated()).isEqualTo(mac);
        // The transfer key is worth its licenses until redeemed: not in the history before.
        assertThat(given.get(4).getRelated()).isNull();
        assertThat(given.get(5).getRelated()).isEqualTo(key);
        assertThat(given.get(5).getAccount()).isEqualTo(taker);
        BalanceState giverState = licensing.latestState(Topics.BALANCES, giver, BalanceState.class);
        assertThat(figures(HistorySums.balanceLines(given))).isEqualTo(figures(giverState.getLines()))
                .containsEntry("Channels", List.of(15, 3, 4, 8));
        assertThat(given.get(4).getLinesAfter()).isEqualTo(giverState.getLines());

        List<HistoryEntry> taken = history().of(SubjectKind.BALANCE, taker);
        assertThat(taken).extracting(entry -> entry.getChange().name()).containsExactly("KEY_REDEEMED");
        assertThat(figures(HistorySums.balanceLines(taken)))
                .isEqualTo(figures(licensing.latestState(Topics.BALANCES, taker, BalanceState.class).getLines()))
                .containsEntry("Channels", List.of(4, 0, 0, 4));
        assertThat(published(giver)).isEqualTo(given);
    }

    @Test
    void aRequestDeliveredAgainOrResentUnderItsRequestIdWritesNoSecondEntry() {
        String owner = registered();
        LicenseRequest redeem = LicensingPortal.request(owner, new RedeemActivationKey(
                licensing.issueKey(line("Channels", 3))));
        String messageId = licensing.deliver(redeem);
        assertThat(entriesOf(redeem.getRequestId())).isEqualTo(1);

        assertThat(licensing.redeliverSilently(redeem, messageId)).isEmpty();
        // Re-sent under a new message id: answered again with the same result, nothing changes, no entry.
        licensing.answersTo(licensing.deliver(redeem)).getFirst().assertAccepted();

        assertThat(entriesOf(redeem.getRequestId())).isEqualTo(1);
        assertThat(history().of(SubjectKind.BALANCE, owner)).hasSize(1);
    }

    @Test
    void theTableRefusesASecondEntryOfTheSameChangeAndAnyUpdateOrDelete() {
        String owner = registered();
        LicenseRequest redeem = LicensingPortal.request(owner, new RedeemActivationKey(
                licensing.issueKey(line("Channels", 3))));
        licensing.deliver(redeem);
        TransactionTemplate transactions = licensing.bean(TransactionTemplate.class);

        // The same change of the same subject by the same request once more, as a replay that got past the inbox
        // and the stored answers would write it: the transaction fails, and its change with it.
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            History.Entries entries = history().forBatch();
            entries.add(SubjectChange.ofBalance(owner, HistoryChange.KEY_REDEEMED, null, List.of(), List.of()),
                    new Cause(owner, redeem.getRequestId()), new OutgoingEvents.Lineage("test", "c", "m"),
                    licensing.clock().instant());
            entries.flush();
        })).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("history_entry_subject_kind_subject_request_id_change_key");
        assertThatThrownBy(() -> licensing.db().update(HISTORY_ENTRY).set(HISTORY_ENTRY.ACCOUNT, "someone else")
                .where(HISTORY_ENTRY.SUBJECT.eq(owner)).execute()).hasMessageContaining("immutable");
        assertThatThrownBy(() -> licensing.db().deleteFrom(HISTORY_ENTRY).where(HISTORY_ENTRY.SUBJECT.eq(owner))
                .execute()).hasMessageContaining("immutable");
        assertThat(history().of(SubjectKind.BALANCE, owner)).hasSize(1);
    }

    private static String registered() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        return account;
    }

    private static History history() {
        return licensing.bean(History.class);
    }

    private static int entriesOf(String requestId) {
        return licensing.db().fetchCount(HISTORY_ENTRY, HISTORY_ENTRY.REQUEST_ID.eq(requestId));
    }

    /** The history events in the outbox under this key, in order; each event's id must be its entry's id. */
    private static List<HistoryEntry> published(String key) {
        List<HistoryEntry> entries = new ArrayList<>();
        licensing.db().selectFrom(OUTBOX).where(OUTBOX.TOPIC.eq(Topics.HISTORY).and(OUTBOX.MESSAGE_KEY.eq(key)))
                .orderBy(OUTBOX.ID).fetch().forEach(row -> {
                    HistoryEntry entry = (HistoryEntry) AvroBinary.decode(row.getEventType(), row.getPayload());
                    assertThat(row.getEventId().toString()).isEqualTo(entry.getEntryId());
                    entries.add(entry);
                });
        return entries;
    }
}
