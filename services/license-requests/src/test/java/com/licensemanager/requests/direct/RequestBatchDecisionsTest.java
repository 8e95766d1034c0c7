package com.licensemanager.requests.direct;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.schemas.licensing.AssignmentQuoted;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.KeyRedeemed;
import com.licensemanager.schemas.licensing.LicenseFileDownloaded;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.portal.AddLicenses;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.CreateTransferKey;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;

import javax.sql.DataSource;

import static com.licensemanager.platform.db.Tables.BALANCE;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static com.licensemanager.testsupport.portal.LicensingPortal.quantities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests in one batch see what the requests before them in the batch did, although the batch loaded its units
 * before the first of them: a download before the assignment is not permitted, one after it gets the file the
 * assignment issued, the second assignment of a unit is refused, an addition builds on the assigned licenses, and
 * the published state is the unit's final one.
 */
class RequestBatchDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    @Test
    void aLaterRequestOfTheBatchSeesWhatAnEarlierOneChanged() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 10)))).assertAccepted();
        String mac = licensing.ship("IP811");
        // Typed in lower case, as portal users do: the batch finds the unit under its normalised MAC all the same.
        String typed = mac.toLowerCase(Locale.ROOT);

        List<String> messageIds = licensing.deliverInOneBatch(List.of(
                LicensingPortal.request(account, new DownloadLicenseFile(mac)),
                LicensingPortal.request(account, new AssignLicenses(typed, null, List.of(line("Channels", 2)), null,
                        null, null, null)),
                LicensingPortal.request(account, new AssignLicenses(mac, null, List.of(line("Channels", 1)), null,
                        null, null, null)),
                LicensingPortal.request(account, new DownloadLicenseFile(typed)),
                LicensingPortal.request(account, new AddLicenses(mac, List.of(line("Channels", 3)))),
                LicensingPortal.request(account, new QuoteAssignment(mac, null))));

        List<Answer> answers = messageIds.stream().map(id -> licensing.answersTo(id).getFirst()).toList();
        // Nobody's unit yet: not the account's to read (the same answer as for a unit that does not exist).
        answers.get(0).assertRejected(Reason.NOT_PERMITTED.name());
        LicensesAssigned assigned = answers.get(1).outcome(LicensesAssigned.class);
        answers.get(2).assertRejected(Reason.UNIT_ALREADY_LICENSED.name());
        assertThat(answers.get(3).outcome(LicenseFileDownloaded.class).getLicenseFile())
                .isEqualTo(assigned.getLicenseFile());
        LicensesAssigned added = answers.get(4).outcome(LicensesAssigned.class);
        assertThat(quantities(added.getUnitLicenses())).containsEntry("Channels", 5);
        assertThat(added.getLicenseFile().getSequence()).isEqualTo(assigned.getLicenseFile().getSequence() + 1);
        assertThat(answers.get(5).outcome(AssignmentQuoted.class).getMac()).isEqualTo(mac);

        UnitState published = licensing.latestState(Topics.UNITS, mac, UnitState.class);
        assertThat(published.getOwner()).isEqualTo(account);
        assertThat(quantities(published.getLicenses())).containsEntry("Channels", 5);
        assertThat(published.getLicenseFile()).isEqualTo(added.getLicenseFile());
    }

    @Test
    void theSameRequestIdTwiceInOneBatchIsAnsweredOnceAndThenWithTheSameEvent() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 10)))).assertAccepted();
        String mac = licensing.ship("IP811");
        LicenseRequest assign = LicensingPortal.request(account, new AssignLicenses(mac, null,
                List.of(line("Channels", 2)), null, null, null, null));
        // The same request id twice in one batch: answered once, then the same answer again.
        List<String> messageIds = licensing.deliverInOneBatch(List.of(assign, assign));

        Answer first = licensing.answersTo(messageIds.get(0)).getFirst();
        Answer again = licensing.answersTo(messageIds.get(1)).getFirst();
        first.assertAccepted();
        assertThat(again.eventId()).isEqualTo(first.eventId());
    }

    /**
     * Balances are debited and credited in the batch's memory and written once at its flush: an account registered
     * in the batch redeems a key (a balance row the batch creates), licenses a unit from it, and a transfer key for
     * more than is left is refused on what the batch holds, not what the table held when the batch opened. The
     * table, the redemption's answer and the published state all agree afterwards.
     */
    @Test
    void balancesAreDebitedAndCreditedInTheBatchAndWrittenOnceAtItsFlush() {
        String newcomer = LicensingPortal.newAccountId();
        String mac = licensing.ship("IP811");

        List<String> messageIds = licensing.deliverInOneBatch(List.of(
                LicensingPortal.request(newcomer, new RegisterAccount(LicensingPortal.emailOf(newcomer), "Company")),
                LicensingPortal.request(newcomer, new RedeemActivationKey(licensing.issueKey(line("Channels", 4)))),
                LicensingPortal.request(newcomer, new AssignLicenses(mac, null, List.of(line("Channels", 3)), null,
                        null, null, null)),
                LicensingPortal.request(newcomer, new CreateTransferKey(List.of(line("Channels", 2)))),
                LicensingPortal.request(newcomer, new CreateTransferKey(List.of(line("Channels", 1))))));

        List<Answer> answers = messageIds.stream().map(id -> licensing.answersTo(id).getFirst()).toList();
        answers.get(0).assertAccepted();
        KeyRedeemed redeemed = answers.get(1).outcome(KeyRedeemed.class);
        assertThat(redeemed.getBalance()).singleElement().satisfies(line -> {
            assertThat(line.getUploaded()).isEqualTo(4);
            assertThat(line.getAvailable()).isEqualTo(4);
        });
        answers.get(2).assertAccepted();
        answers.get(3).assertRejected(Reason.INSUFFICIENT_BALANCE.name());
        answers.get(4).assertAccepted();

        var row = licensing.db().selectFrom(BALANCE).where(BALANCE.OWNER.eq(newcomer)).fetchSingle();
        assertThat(List.of(row.getUploaded(), row.getUsed(), row.getTransferred())).containsExactly(4, 3, 1);
        BalanceState published = licensing.latestState(Topics.BALANCES, newcomer, BalanceState.class);
        assertThat(published.getLines()).singleElement().satisfies(line -> {
            assertThat(List.of(line.getUploaded(), line.getUsed(), line.getTransferred(), line.getAvailable()))
                    .containsExactly(4, 3, 1, 0);
        });
    }

    /**
     * Issue 13: quotes and downloads read a unit without locking it. Another consumer thread's batch holding the unit
     * (here: a transaction that locked its row) does not hold them up, as it did when every named unit was locked and
     * the two listener threads took turns at the maximum rate; a request that changes the unit still waits for it.
     */
    @Test
    void requestsThatOnlyReadAUnitDoNotWaitForAnotherTransactionHoldingItButChangesDo() throws Exception {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 10)))).assertAccepted();
        String mac = licensing.ship("IP811");
        licensing.call(account, new AssignLicenses(mac, null, List.of(line("Channels", 2)), null, null, null, null))
                .assertAccepted();

        try (Connection other = licensing.bean(DataSource.class).getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("select mac from unit where mac = ? for update")) {
                lock.setString(1, mac);
                lock.executeQuery().close();
            }

            CompletableFuture<List<String>> reads = CompletableFuture.supplyAsync(() -> licensing.deliverInOneBatch(
                    List.of(LicensingPortal.request(account, new QuoteAssignment(mac, null)),
                            LicensingPortal.request(account, new DownloadLicenseFile(mac)))));
            assertThat(reads).succeedsWithin(Duration.ofSeconds(10)).satisfies(ids -> {
                assertThat(licensing.answersTo(ids.get(0)).getFirst().outcome(AssignmentQuoted.class).getMac())
                        .isEqualTo(mac);
                licensing.answersTo(ids.get(1)).getFirst().outcome(LicenseFileDownloaded.class);
            });

            CompletableFuture<List<String>> change = CompletableFuture.supplyAsync(() -> licensing.deliverInOneBatch(
                    List.of(LicensingPortal.request(account, new AddLicenses(mac, List.of(line("Channels", 1)))))));
            // The change waits for the row lock (PostgreSQL shows its backend waiting), and goes on once it is free.
            await().atMost(Duration.ofSeconds(10)).until(() -> licensing.db().fetchCount(DSL.table("pg_locks"),
                    DSL.field("granted").eq(false)) > 0);
            assertThat(change).isNotDone();
            other.rollback();
            assertThat(change).succeedsWithin(Duration.ofSeconds(10)).satisfies(ids ->
                    licensing.answersTo(ids.getFirst()).getFirst().assertAccepted());
        }
    }
}
