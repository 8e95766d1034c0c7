package com.licensemanager.requests;

import com.licensemanager.platform.retention.Retention;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.INBOX;
import static com.licensemanager.platform.db.Tables.REDEMPTION_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

/** Retention deletes what can no longer matter and keeps what still does. */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class RetentionIntegrationTest {

    @Autowired
    DSLContext db;

    @Autowired
    Retention retention;

    @Test
    void purgesInboxEntriesAndFailedRedemptionsPastTheirRetentionOnly() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        insertInbox(old, now.minus(Duration.ofDays(31)));
        insertInbox(recent, now.minus(Duration.ofDays(29)));
        String account = "retention-" + UUID.randomUUID();
        db.insertInto(REDEMPTION_FAILURE).set(REDEMPTION_FAILURE.ACCOUNT_ID, account)
                .set(REDEMPTION_FAILURE.FAILED_AT, now.minus(Duration.ofDays(2))).execute();
        db.insertInto(REDEMPTION_FAILURE).set(REDEMPTION_FAILURE.ACCOUNT_ID, account)
                .set(REDEMPTION_FAILURE.FAILED_AT, now.minus(Duration.ofMinutes(5))).execute();

        assertThat(retention.purgeOnce()).isGreaterThanOrEqualTo(2);

        assertThat(db.fetchExists(INBOX, INBOX.MESSAGE_ID.eq(old))).isFalse();
        assertThat(db.fetchExists(INBOX, INBOX.MESSAGE_ID.eq(recent))).isTrue();
        assertThat(db.fetchCount(REDEMPTION_FAILURE, REDEMPTION_FAILURE.ACCOUNT_ID.eq(account))).isEqualTo(1);
    }

    private void insertInbox(String messageId, OffsetDateTime receivedAt) {
        db.insertInto(INBOX).set(INBOX.CONSUMER, "retention-test").set(INBOX.MESSAGE_ID, messageId)
                .set(INBOX.TOPIC, "test").set(INBOX.PARTITION, 0).set(INBOX.RECORD_OFFSET, 0L)
                .set(INBOX.RECEIVED_AT, receivedAt).execute();
    }
}
