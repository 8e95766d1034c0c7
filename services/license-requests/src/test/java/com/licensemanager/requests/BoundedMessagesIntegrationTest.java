package com.licensemanager.requests;

import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxEvent;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.state.balances.BalanceStates;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.OUTBOX;
import static com.licensemanager.platform.db.Tables.OUTBOX_PARKED;
import static com.licensemanager.testsupport.portal.LicensingPortal.PATIENCE;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 7, "one huge balance stops everyone": a balance's state stays bounded whatever its history, and an
 * event the broker or the registry will never accept is set aside while every other event still leaves.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class BoundedMessagesIntegrationTest {

    /** The broker's and producer's default largest record; the state of the issue's account outgrew it. */
    private static final int BROKER_LIMIT = 1_048_576;
    private static final int ACTIVATIONS = 20_000;

    @Autowired
    DSLContext db;
    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aBalanceWithTwentyThousandActivationsStaysBoundedAndOtherAccountsAreAnsweredAsFastAsBefore() {
        LicensingPortal portal = new LicensingPortal(db);
        String busy = portal.registerNewAccount();
        String other = portal.registerNewAccount();
        long before = medianAnswerMillis(portal, other);

        // The history of an account that redeemed 20,000 keys, written directly: redeeming them one by one over
        // Kafka would take minutes and prove nothing more about the state's size.
        redeemedKeysInThePast(busy, ACTIVATIONS);
        String latestKey = portal.issueKey(line("BRI", 2), line("AB", 4)).getActivationKey();
        portal.redeem(busy, latestKey);

        BalanceState state = portal.awaitBalance(busy, s -> s.getActivations().stream()
                .anyMatch(a -> a.getActivationKey().equals(latestKey)));
        int size = AvroBinary.encode(state).length;
        System.out.printf("balance state with %d activations: %d listed, %d earlier, %d bytes%n",
                ACTIVATIONS + 1, state.getActivations().size(), state.getEarlierActivations(), size);
        assertThat(state.getActivations()).hasSize(BalanceStates.LISTED);
        assertThat(state.getActivations().getLast().getActivationKey()).as("the latest is listed last")
                .isEqualTo(latestKey);
        assertThat(state.getEarlierActivations()).isEqualTo(ACTIVATIONS + 1 - BalanceStates.LISTED);
        assertThat(size).isLessThan(BROKER_LIMIT / 4);

        long after = medianAnswerMillis(portal, other);
        System.out.printf("another account's answer: median %d ms before, %d ms after%n", before, after);
        assertThat(after).as("median answer time of another account after the big balance (before: %d ms)", before)
                .isLessThan(3 * before + 1000);
    }

    @Test
    void anEventTheBrokerNeverAcceptsIsParkedAndTheEventsBehindItAreStillPublished() {
        String requestBehind = UUID.randomUUID().toString();
        String oversizeKey = "oversize-" + UUID.randomUUID();
        String oversizeRequest = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> outbox.add(List.of(
                result(oversizeKey, oversizeRequest, "x".repeat(2 * BROKER_LIMIT)),
                result("behind-" + requestBehind, requestBehind, "small"))));

        LicensingPortal portal = new LicensingPortal(db);
        await().atMost(PATIENCE).until(() -> !portal.answers(requestBehind).isEmpty());
        var parked = await().atMost(PATIENCE).until(() -> db.selectFrom(OUTBOX_PARKED)
                .where(OUTBOX_PARKED.MESSAGE_KEY.eq(oversizeKey)).fetchOptional(), java.util.Optional::isPresent).orElseThrow();
        assertThat(parked.getReason()).contains("RecordTooLargeException");
        assertThat(parked.getPayload().length).isGreaterThan(2 * BROKER_LIMIT);
        assertThat(db.fetchCount(OUTBOX, OUTBOX.MESSAGE_KEY.eq(oversizeKey))).as("left the outbox").isZero();
        assertThat(portal.topics.results(oversizeRequest)).as("the oversize result never left").isEmpty();

        // The relay goes on: a request sent after it is answered too.
        Answer later = portal.call(LicensingPortal.newAccountId(), new RedeemActivationKey("nonsense"));
        assertThat(later.result().getAccepted()).isFalse();
    }

    @Test
    void aPayloadThatIsNotItsTypeIsParkedAndTheEventsBehindItAreStillPublished() {
        String garbledKey = "garbled-" + UUID.randomUUID();
        String requestBehind = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> {
            db.insertInto(OUTBOX, OUTBOX.EVENT_ID, OUTBOX.TOPIC, OUTBOX.MESSAGE_KEY, OUTBOX.EVENT_TYPE, OUTBOX.SOURCE,
                            OUTBOX.PAYLOAD, OUTBOX.OCCURRED_AT)
                    // A type this application never publishes, so the relay decodes the payload to learn its frame.
                    .values(UUID.randomUUID(), Topics.INVOICING, garbledKey, MoveCharged.getClassSchema().getFullName(),
                            "test", new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                            OffsetDateTime.now(ZoneOffset.UTC))
                    .execute();
            outbox.add(List.of(result("behind-" + requestBehind, requestBehind, "small")));
        });

        LicensingPortal portal = new LicensingPortal(db);
        await().atMost(PATIENCE).until(() -> !portal.answers(requestBehind).isEmpty());
        await().atMost(PATIENCE).until(() -> db.fetchCount(OUTBOX_PARKED, OUTBOX_PARKED.MESSAGE_KEY.eq(garbledKey)) == 1);
        assertThat(db.select(OUTBOX_PARKED.REASON).from(OUTBOX_PARKED).where(OUTBOX_PARKED.MESSAGE_KEY.eq(garbledKey))
                .fetchSingle(OUTBOX_PARKED.REASON)).contains("is not a " + MoveCharged.getClassSchema().getFullName());
    }

    private static OutboxEvent result(String key, String requestId, String message) {
        LicenseResult result = new LicenseResult(requestId, key, "RedeemActivationKey", false,
                List.of(new Rejection("KEY_UNKNOWN", null, message)), null);
        return new OutboxEvent(UUID.randomUUID(), Topics.LICENSE_RESULTS, key, result, "test", requestId, null,
                Instant.now());
    }

    private void redeemedKeysInThePast(String account, int count) {
        OffsetDateTime longAgo = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
        transactions.executeWithoutResult(status -> {
            for (int from = 0; from < count; from += 1000) {
                var keys = db.insertInto(ACTIVATION_KEY, ACTIVATION_KEY.ACTIVATION_KEY_, ACTIVATION_KEY.ORIGIN,
                        ACTIVATION_KEY.SCAN_PAYLOAD, ACTIVATION_KEY.ORDER_NUMBER, ACTIVATION_KEY.ORDER_FINGERPRINT,
                        ACTIVATION_KEY.ISSUED_AT, ACTIVATION_KEY.REDEEMED_BY, ACTIVATION_KEY.REDEEMED_INTO,
                        ACTIVATION_KEY.REDEEMED_AT);
                var lines = db.insertInto(ACTIVATION_KEY_LICENSE, ACTIVATION_KEY_LICENSE.ACTIVATION_KEY,
                        ACTIVATION_KEY_LICENSE.LICENSE_CODE, ACTIVATION_KEY_LICENSE.QUANTITY);
                for (int i = from; i < Math.min(count, from + 1000); i++) {
                    String key = "HIST-" + UUID.randomUUID();
                    keys = keys.values(key, "ORDER", key, "ORD-" + key, "fingerprint", longAgo, account, account,
                            longAgo.plusSeconds(i));
                    lines = lines.values(key, "BRI", 1);
                }
                keys.execute();
                lines.execute();
            }
        });
    }

    /** Median of five round trips of another account's request that changes nothing (it is registered already). */
    private static long medianAnswerMillis(LicensingPortal portal, String account) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            portal.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Again Ltd"))
                    .assertRejected("ACCOUNT_ALREADY_REGISTERED");
            millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        millis.sort(null);
        return millis.get(2);
    }
}
