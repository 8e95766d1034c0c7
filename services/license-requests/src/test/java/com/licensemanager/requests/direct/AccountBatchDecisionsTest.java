package com.licensemanager.requests.direct;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.ShareUnitWithEndUser;
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

import javax.sql.DataSource;

import static com.licensemanager.platform.db.Tables.ACCOUNT;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: a batch reads the accounts it acts for and names by e-mail when it opens, and writes the accounts it
 * registers when it flushes. A registration counts for the requests after it in the batch; one e-mail is still one
 * account, also against a registration of another transaction that commits while the batch runs.
 */
class AccountBatchDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    @Test
    void anAccountRegisteredInTheBatchActsAndIsFoundByItsEmailInTheRequestsAfterIt() {
        String owner = LicensingPortal.newAccountId();
        licensing.call(owner, new RegisterAccount(LicensingPortal.emailOf(owner), "Company")).assertAccepted();
        licensing.call(owner, new RedeemActivationKey(licensing.issueKey(line("Channels", 5)))).assertAccepted();
        String mac = licensing.ship("IP811");
        licensing.call(owner, new AssignLicenses(mac, null, List.of(line("Channels", 1)), null, null, null, null))
                .assertAccepted();
        String newcomer = LicensingPortal.newAccountId();
        String sameEmail = LicensingPortal.newAccountId();
        // Typed with surrounding blanks and in capitals: stored, and found, in its normal form.
        String typedEmail = "  " + LicensingPortal.emailOf(newcomer).toUpperCase() + "\t";

        List<String> messageIds = licensing.deliverInOneBatch(List.of(
                LicensingPortal.request(newcomer, new RegisterAccount(typedEmail, "Newcomer Ltd")),
                LicensingPortal.request(sameEmail, new RegisterAccount(LicensingPortal.emailOf(newcomer), "Copy")),
                LicensingPortal.request(newcomer, new RegisterAccount(LicensingPortal.emailOf(sameEmail), "Again")),
                LicensingPortal.request(newcomer, new RedeemActivationKey(licensing.issueKey(line("Channels", 2)))),
                LicensingPortal.request(owner, new ShareUnitWithEndUser(mac, LicensingPortal.emailOf(newcomer)))));

        List<Answer> answers = messageIds.stream().map(id -> licensing.answersTo(id).getFirst()).toList();
        answers.get(0).assertAccepted();
        answers.get(1).assertRejected(Reason.EMAIL_ALREADY_REGISTERED.name());
        answers.get(2).assertRejected(Reason.ACCOUNT_ALREADY_REGISTERED.name());
        answers.get(3).assertAccepted();
        answers.get(4).assertAccepted();
        assertThat(licensing.db().select(ACCOUNT.ACCOUNT_ID, ACCOUNT.EMAIL).from(ACCOUNT)
                .where(ACCOUNT.ACCOUNT_ID.in(newcomer, sameEmail)).fetch(row -> row.value1() + " " + row.value2()))
                .containsExactly(newcomer + " " + LicensingPortal.emailOf(newcomer).toLowerCase());
        assertThat(licensing.latestState(Topics.UNITS, mac, UnitState.class).getEndUser()).isEqualTo(newcomer);
    }

    /**
     * Another transaction registers the same e-mail and commits while the batch runs: the batch's insert meets it,
     * the batch is redone record by record, and the registration is refused — one answer, one account per e-mail.
     */
    @Test
    void anEmailRegisteredByAnotherTransactionMeanwhileIsRefusedAfterTheBatchIsRedone() throws Exception {
        String account = LicensingPortal.newAccountId();
        String other = LicensingPortal.newAccountId();
        String email = LicensingPortal.emailOf(account);

        try (Connection connection = licensing.bean(DataSource.class).getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement register = connection.prepareStatement(
                    "insert into account (account_id, email, company) values (?, ?, 'Other')")) {
                register.setString(1, other);
                register.setString(2, email);
                assertThat(register.executeUpdate()).isEqualTo(1);
            }

            CompletableFuture<List<String>> batch = CompletableFuture.supplyAsync(() -> licensing.deliverInOneBatch(
                    List.of(LicensingPortal.request(account, new RegisterAccount(email, "Company")))));
            await().atMost(Duration.ofSeconds(10)).until(() -> licensing.db().fetchCount(DSL.table("pg_locks"),
                    DSL.field("granted").eq(false)) > 0);
            assertThat(batch).isNotDone();
            connection.commit();

            assertThat(batch).succeedsWithin(Duration.ofSeconds(30)).satisfies(ids -> {
                assertThat(licensing.answersTo(ids.getFirst())).singleElement()
                        .satisfies(answer -> answer.assertRejected(Reason.EMAIL_ALREADY_REGISTERED.name()));
            });
        }
        assertThat(licensing.db().fetchCount(ACCOUNT, ACCOUNT.EMAIL.eq(email))).isEqualTo(1);
        assertThat(licensing.db().fetchCount(ACCOUNT, ACCOUNT.ACCOUNT_ID.eq(account))).isZero();
    }
}
