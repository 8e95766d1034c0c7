package com.licensemanager.requests.direct;

import com.licensemanager.licensing.key.ActivationKey;
import com.licensemanager.requests.decision.Reason;
import com.licensemanager.schemas.licensing.KeyRedeemed;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.REDEMPTION_FAILURE;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: a batch reads (and locks) the activation keys its redemptions name, and the redeeming accounts' failed
 * redemptions, when it opens, and writes redemptions, transfer keys and failures when it flushes. What one request
 * of the batch did holds for the requests after it, and "at most once" still holds against another transaction.
 */
class KeyBatchDecisionsTest {

    @RegisterExtension
    static final DirectLicensing licensing = new DirectLicensing();

    private static String registeredAccount() {
        String account = LicensingPortal.newAccountId();
        licensing.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Company")).assertAccepted();
        return account;
    }

    @Test
    void aKeyRedeemedByOneRequestOfTheBatchIsRedeemedForTheRequestsAfterIt() {
        String first = registeredAccount();
        String second = registeredAccount();
        String key = licensing.issueKey(line("Channels", 3));

        List<String> messageIds = licensing.deliverInOneBatch(List.of(
                LicensingPortal.request(first, new RedeemActivationKey(key)),
                LicensingPortal.request(second, new RedeemActivationKey(key)),
                LicensingPortal.request(first, new RedeemActivationKey(key))));

        List<Answer> answers = messageIds.stream().map(id -> licensing.answersTo(id).getFirst()).toList();
        assertThat(answers.get(0).outcome(KeyRedeemed.class).getBalance()).singleElement()
                .satisfies(balance -> assertThat(balance.getAvailable()).isEqualTo(3));
        answers.get(1).assertRejected(Reason.KEY_ALREADY_REDEEMED.name());
        answers.get(2).assertRejected(Reason.KEY_ALREADY_REDEEMED.name());
        var row = licensing.db().selectFrom(ACTIVATION_KEY)
                .where(ACTIVATION_KEY.ACTIVATION_KEY_.eq(ActivationKey.parse(key).toString())).fetchSingle();
        assertThat(List.of(row.getRedeemedBy(), row.getRedeemedInto())).containsExactly(first, first);
    }

    @Test
    void failedRedemptionsOfTheBatchCountTowardsTheThrottleOfTheRequestsAfterThem() {
        String account = registeredAccount();
        List<RedeemActivationKey> unknownKeys = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            unknownKeys.add(new RedeemActivationKey(ActivationKey.generate().toString()));
        }

        List<String> messageIds = licensing.deliverInOneBatch(unknownKeys.stream()
                .map(redeem -> LicensingPortal.request(account, redeem)).toList());

        List<Answer> answers = messageIds.stream().map(id -> licensing.answersTo(id).getFirst()).toList();
        for (int i = 0; i < 5; i++) {
            answers.get(i).assertRejected(Reason.KEY_UNKNOWN.name());
        }
        answers.get(5).assertRejected(Reason.REDEMPTION_THROTTLED.name());
        answers.get(6).assertRejected(Reason.REDEMPTION_THROTTLED.name());
        // The throttled attempts are not failures of their own: five rows, written at the flush.
        assertThat(licensing.db().fetchCount(REDEMPTION_FAILURE, REDEMPTION_FAILURE.ACCOUNT_ID.eq(account)))
                .isEqualTo(5);
        // A later batch counts them from the table.
        licensing.call(account, new RedeemActivationKey(licensing.issueKey(line("Channels", 1))))
                .assertRejected(Reason.REDEMPTION_THROTTLED.name());
    }

    /**
     * The batch locks the keys it names when it opens: one another transaction is redeeming makes it wait, and once
     * that transaction commits the batch reads the key redeemed — answered rejected at once, not by a failed flush
     * and a replay record by record.
     */
    @Test
    void aKeyAnotherTransactionIsRedeemingIsReadRedeemedOnceThatCommits() throws Exception {
        String account = registeredAccount();
        String otherAccount = registeredAccount();
        String key = ActivationKey.parse(licensing.issueKey(line("Channels", 2))).toString();

        try (Connection other = licensing.bean(DataSource.class).getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement redeem = other.prepareStatement("update activation_key set redeemed_by = ?,"
                    + " redeemed_into = ?, redeemed_at = now() where activation_key = ?")) {
                redeem.setString(1, otherAccount);
                redeem.setString(2, otherAccount);
                redeem.setString(3, key);
                assertThat(redeem.executeUpdate()).isEqualTo(1);
            }

            CompletableFuture<List<String>> batch = CompletableFuture.supplyAsync(() -> licensing.deliverInOneBatch(
                    List.of(LicensingPortal.request(account, new RedeemActivationKey(key)))));
            // It waits where it reads the key, before any decision (not in its flush's update).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(licensing.db()
                    .select(DSL.field("query", String.class)).from(DSL.table("pg_stat_activity"))
                    .where(DSL.field("wait_event_type").eq("Lock")).fetch(0, String.class))
                    .singleElement().asString().contains("from \"activation_key\"").contains("for update"));
            assertThat(batch).isNotDone();
            other.commit();

            assertThat(batch).succeedsWithin(Duration.ofSeconds(10)).satisfies(ids ->
                    licensing.answersTo(ids.getFirst()).getFirst()
                            .assertRejected(Reason.KEY_ALREADY_REDEEMED.name()));
        }
        assertThat(licensing.db().select(ACTIVATION_KEY.REDEEMED_BY).from(ACTIVATION_KEY)
                .where(ACTIVATION_KEY.ACTIVATION_KEY_.eq(key)).fetchSingle().value1()).isEqualTo(otherAccount);
    }
}
