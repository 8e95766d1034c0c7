package com.licensemanager.requests;

import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.admin.AdminCommand;
import com.licensemanager.schemas.admin.CreateGroup;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.portal.LicensingPortal;
import com.licensemanager.testsupport.portal.LicensingPortal.Answer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.ACCOUNT;
import static com.licensemanager.testsupport.portal.LicensingPortal.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 3, "every request answered exactly once": a request that decodes but keeps failing for its own sake
 * goes to its dead-letter topic and is answered with {@code REQUEST_FAILED} naming its correlation id, once, also
 * when the same record is delivered again (a consumer group replayed) or sent again under a new message id.
 *
 * <p>The failing requests name a company or group the database refuses through a trigger this test installs: a
 * request that fails in the database, not in a decision, as an unforeseen bug would, and keeps failing.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class DeadLetterAnswerIntegrationTest {

    /** Names the trigger refuses; nothing else is affected. */
    private static final String FAILING_COMPANY = "Unforeseen Bug Ltd";
    private static final String FAILING_GROUP = "Unforeseen Bug Group";

    @Autowired
    DSLContext db;

    @BeforeEach
    void aBugThatRefusesSomeNames() {
        refuseOnInsert("account", "company", FAILING_COMPANY);
        refuseOnInsert("account_group", "name", FAILING_GROUP);
    }

    /** A trigger that fails every insert into the table whose column holds this value, and nothing else. */
    private void refuseOnInsert(String table, String column, String value) {
        String function = "refuse_test_" + table;
        db.execute("""
                create or replace function %s() returns trigger language plpgsql as $$
                begin
                  if new.%s = '%s' then raise exception 'unforeseen bug (test)'; end if;
                  return new;
                end $$""".formatted(function, column, value));
        db.execute("drop trigger if exists %s on %s".formatted(function, table));
        db.execute("create trigger %s before insert on %s for each row execute function %s()"
                .formatted(function, table, function));
    }

    @Test
    void aDeadLetteredRequestIsAnsweredOnceEvenWhenReplayedOrResent() {
        LicensingPortal portal = new LicensingPortal(db);
        String account = LicensingPortal.newAccountId();
        LicenseRequest request = LicensingPortal.request(account,
                new RegisterAccount(LicensingPortal.emailOf(account), FAILING_COMPANY));
        String messageId = UUID.randomUUID().toString();
        portal.kafka.publish(Topics.LICENSE_REQUESTS, account, request, messageId);

        Answer answer = portal.awaitAnswer(request.getRequestId());
        answer.assertRejected("REQUEST_FAILED");
        assertThat(answer.rejection("REQUEST_FAILED").getSubject()).as("the correlation id, for support")
                .isEqualTo(messageId);
        assertThat(answer.rejection("REQUEST_FAILED").getMessage()).contains(messageId);
        assertThat(answer.result().getCommand()).isEqualTo("RegisterAccount");
        assertThat(answer.key()).isEqualTo(account);
        assertThat(deadLetters(Topics.LICENSE_REQUESTS, messageId)).hasSize(1);

        // The consumer group replayed: the same record again, same message id. Then the portal resends the request
        // under a new message id. Neither fails again, neither gets a new answer.
        portal.kafka.publish(Topics.LICENSE_REQUESTS, account, request, messageId);
        portal.kafka.publish(Topics.LICENSE_REQUESTS, account, request);
        Answer marker = portal.call(account, new RegisterAccount(LicensingPortal.emailOf(account), "Marker Ltd"));
        marker.assertAccepted();
        List<Answer> answers = portal.awaitAnswers(request.getRequestId(), 2);
        assertThat(answers).extracting(Answer::eventId).as("the resent request's answer is the same event")
                .containsOnly(answer.eventId());
        assertThat(portal.answers(request.getRequestId())).hasSize(2);
        assertThat(deadLetters(Topics.LICENSE_REQUESTS, messageId)).as("the replayed record is not dead-lettered again")
                .hasSize(1);
        assertThat(db.fetchCount(ACCOUNT, ACCOUNT.ACCOUNT_ID.eq(account))).as("the marker registered it").isEqualTo(1);
    }

    @Test
    void aDeadLetteredAdminCommandIsAnswered() {
        LicensingPortal portal = new LicensingPortal(db);
        String group = LicensingPortal.newGroupId();
        AdminCommand command = LicensingPortal.adminCommand(new CreateGroup(group, FAILING_GROUP));
        String messageId = UUID.randomUUID().toString();
        portal.kafka.publish(Topics.ADMIN_COMMANDS, group, command, messageId);

        Answer answer = portal.awaitAnswer(command.getRequestId());
        answer.assertRejected("REQUEST_FAILED");
        assertThat(answer.rejection("REQUEST_FAILED").getSubject()).isEqualTo(messageId);
        assertThat(answer.result().getActingAccount()).isEqualTo("staff:" + command.getStaffMember());
        assertThat(answer.key()).isEqualTo(group);
        assertThat(deadLetters(Topics.ADMIN_COMMANDS, messageId)).hasSize(1);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String topic, String messageId) {
        return await().atMost(PATIENCE).until(() -> com.licensemanager.testsupport.KafkaTestClient.shared().readAllRaw(Topics.deadLetter(topic))
                .stream().filter(r -> messageId.equals(header(r, EnvelopeHeaders.ID))).toList(), l -> !l.isEmpty());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
