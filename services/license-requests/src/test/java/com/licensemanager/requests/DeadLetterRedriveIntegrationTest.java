package com.licensemanager.requests;

import com.licensemanager.platform.kafka.DeadLetterRedrive;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.KafkaTestClient;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.TestInfrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runbook's re-drive procedure: a dead-lettered request, once repaired and re-driven, is handled exactly once. */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class DeadLetterRedriveIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final KafkaTestClient kafka = KafkaTestClient.shared();

    @Autowired
    DSLContext db;

    @Test
    void aDeadLetteredRequestRepairedAndRedrivenIsAnsweredExactlyOnce() {
        String account = "redrive-" + UUID.randomUUID();
        String requestId = UUID.randomUUID().toString();
        byte[] valid = encode(new LicenseRequest(requestId, account, Instant.now(),
                new RegisterAccount(account + "@example.com", "Redrive Ltd")));
        byte[] unknownSchema = valid.clone();
        ByteBuffer.wrap(unknownSchema).putInt(1, Integer.MAX_VALUE - 7);
        String messageId = UUID.randomUUID().toString();

        kafka.publishRaw(Topics.LICENSE_REQUESTS, account, unknownSchema, messageId);

        ConsumerRecord<String, byte[]> deadLetter = await().atMost(PATIENCE).until(() -> kafka.readAllRaw(
                        Topics.deadLetter(Topics.LICENSE_REQUESTS)).stream()
                .filter(r -> messageId.equals(header(r, EnvelopeHeaders.ID))).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(deadLetter.value()).isEqualTo(unknownSchema);
        assertThat(resultsFor(requestId)).isEmpty();

        try (DeadLetterRedrive redrive = new DeadLetterRedrive(TestInfrastructure.get().kafkaBootstrapServers())) {
            int sent = redrive.redrive(Topics.LICENSE_REQUESTS,
                    r -> messageId.equals(new String(r.headers().lastHeader(EnvelopeHeaders.ID).value(), StandardCharsets.UTF_8)),
                    broken -> valid, "redrive-test-" + UUID.randomUUID());
            assertThat(sent).isEqualTo(1);
            await().atMost(PATIENCE).until(() -> resultsFor(requestId).size() == 1);
            assertThat(resultsFor(requestId).get(0).getAccepted()).isTrue();

            // An operator re-drives the same dead letter once more: the inbox knows its message id.
            redrive.redrive(Topics.LICENSE_REQUESTS,
                    r -> messageId.equals(new String(r.headers().lastHeader(EnvelopeHeaders.ID).value(), StandardCharsets.UTF_8)),
                    broken -> valid, "redrive-test-" + UUID.randomUUID());
        }
        String markerRequest = UUID.randomUUID().toString();
        kafka.publish(Topics.LICENSE_REQUESTS, account, new LicenseRequest(markerRequest, account, Instant.now(),
                new RegisterAccount(account + "@example.com", "Redrive Ltd")));
        await().atMost(PATIENCE).until(() -> resultsFor(markerRequest).size() == 1);

        assertThat(resultsFor(requestId)).hasSize(1);
        assertThat(db.fetchCount(ACCOUNT, ACCOUNT.ACCOUNT_ID.eq(account))).isEqualTo(1);
    }

    private List<LicenseResult> resultsFor(String requestId) {
        return kafka.readAll(Topics.LICENSE_RESULTS).stream().map(ConsumerRecord::value).map(LicenseResult.class::cast)
                .filter(r -> requestId.equals(r.getRequestId())).toList();
    }

    private static byte[] encode(LicenseRequest request) {
        try (AvroKafkaSerializer<LicenseRequest> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(Map.of("apicurio.registry.url", TestInfrastructure.get().schemaRegistryApiUrl(),
                    "apicurio.registry.auto-register", true), false);
            return serializer.serialize(Topics.LICENSE_REQUESTS, request);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
