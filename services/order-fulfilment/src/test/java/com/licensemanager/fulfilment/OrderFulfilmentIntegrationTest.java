package com.licensemanager.fulfilment;

import com.licensemanager.platform.kafka.DeliveryFailures;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.OrderRejected;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.testsupport.KafkaTestClient;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.TestInfrastructure;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ContextConfiguration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY;
import static com.licensemanager.platform.db.Tables.ACTIVATION_KEY_LICENSE;
import static com.licensemanager.platform.db.Tables.INBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first slice end to end over a real broker, registry and PostgreSQL:
 * {@code ordering.orders-fulfilled.v1} → order fulfilment → PostgreSQL → outbox → {@code licensing.activation-keys.v1}.
 */
@SpringBootTest(classes = FulfilmentTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class OrderFulfilmentIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final KafkaTestClient kafka = KafkaTestClient.shared();

    @Autowired
    DSLContext db;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    DeliveryFailures deliveryFailures;

    @Test
    void anOrderWithSeveralLinesYieldsOneKeyListingEveryLine() {
        OrderFulfilled order = order(List.of(line("PBX6#15", 1), line("Channels", 8), line("BRI", 2)));

        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);

        ActivationKeyIssued issued = awaitAnnouncements(order.getOrderNumber(), 1).get(0);
        assertThat(issued.getLicenses()).extracting(LicenseLine::getLicenseCode, LicenseLine::getQuantity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("PBX6#15", 1),
                        org.assertj.core.groups.Tuple.tuple("Channels", 8),
                        org.assertj.core.groups.Tuple.tuple("BRI", 2));
        assertThat(issued.getCustomerReference()).isEqualTo(order.getCustomerReference());
        assertThat(issued.getCustomer().getName()).isEqualTo(order.getCustomer().getName());
        assertThat(issued.getScanPayload()).contains(issued.getActivationKey());
        assertThat(keysStoredFor(order.getOrderNumber())).isEqualTo(1);
        assertThat(db.fetchCount(ACTIVATION_KEY_LICENSE,
                ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(issued.getActivationKey()))).isEqualTo(3);
    }

    @Test
    void theSameMessageDeliveredTwiceIssuesOneKeyAndOneEvent() {
        OrderFulfilled order = order(List.of(line("PBX6#15", 1)));
        String messageId = UUID.randomUUID().toString();

        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order, messageId);
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order, messageId);
        // A later order on the same key proves both copies have been consumed before we count.
        OrderFulfilled marker = orderWithNumber(order.getOrderNumber() + "-marker");
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), marker);
        awaitAnnouncements(marker.getOrderNumber(), 1);

        assertThat(announcementsFor(order.getOrderNumber())).hasSize(1);
        assertThat(keysStoredFor(order.getOrderNumber())).isEqualTo(1);
    }

    @Test
    void anOrderResentWithANewMessageIdAnnouncesTheSameKeyUnderTheSameEventId() {
        OrderFulfilled order = order(List.of(line("Channels", 4)));

        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);

        List<ConsumerRecord<String, Object>> announcements = awaitRecords(order.getOrderNumber(), 2);
        assertThat(announcements).extracting(r -> ((ActivationKeyIssued) r.value()).getActivationKey())
                .containsOnly(((ActivationKeyIssued) announcements.get(0).value()).getActivationKey());
        assertThat(announcements).extracting(r -> header(r, EnvelopeHeaders.ID)).containsOnly(
                header(announcements.get(0), EnvelopeHeaders.ID));
        assertThat(keysStoredFor(order.getOrderNumber())).isEqualTo(1);
    }

    @Test
    void aRedeliveryAfterACrashBeforeTheOffsetCommitChangesNothing() throws Exception {
        OrderFulfilled order = order(List.of(line("BRI", 1)));
        String messageId = kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);
        awaitAnnouncements(order.getOrderNumber(), 1);

        // As if the consumer had died after its transaction but before committing the offset: rewind the group
        // to the order's record, which the inbox remembers.
        var handled = db.selectFrom(INBOX).where(INBOX.MESSAGE_ID.eq(messageId)).fetchSingle();
        MessageListenerContainer container = listeners.getListenerContainer(OrderFulfilmentAutoConfiguration.CONSUMER);
        container.stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().endpoints().kafkaBootstrapServers()))) {
            // The broker accepts new offsets only once the stopped consumer has left the group.
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                    admin.alterConsumerGroupOffsets(container.getGroupId(), Map.of(
                            new TopicPartition(handled.getTopic(), handled.getPartition()),
                            new OffsetAndMetadata(handled.getRecordOffset()))).all().get());
        }
        container.start();
        OrderFulfilled marker = orderWithNumber(order.getOrderNumber() + "-after-replay");
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), marker);
        awaitAnnouncements(marker.getOrderNumber(), 1);

        assertThat(announcementsFor(order.getOrderNumber())).hasSize(1);
        assertThat(keysStoredFor(order.getOrderNumber())).isEqualTo(1);
    }

    @Test
    void garbageBytesGoToTheDeadLetterTopicAndTheNextOrderIsStillProcessed() {
        String key = "GARBAGE-" + UUID.randomUUID();
        byte[] garbage = "this is not avro \u0000\u00ff".getBytes(StandardCharsets.UTF_8);

        kafka.publishRaw(Topics.ORDERS_FULFILLED, key, garbage);
        OrderFulfilled next = order(List.of(line("Channels", 2)));
        kafka.publish(Topics.ORDERS_FULFILLED, key, next);

        awaitAnnouncements(next.getOrderNumber(), 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kafka.readAllRaw(Topics.deadLetter(Topics.ORDERS_FULFILLED)))
                .filteredOn(r -> key.equals(r.key()))
                .singleElement()
                .satisfies(dead -> {
                    assertThat(dead.value()).isEqualTo(garbage);
                    assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
                }));
    }

    @Test
    void stoppingPostgresWhileOrdersArriveLosesNothingAndDeadLettersNothing() {
        var postgres = TestInfrastructure.get().postgresControl();
        org.junit.jupiter.api.Assumptions.assumeTrue(postgres.isPresent(), "needs the embedded PostgreSQL");
        int deadLettersBefore = kafka.readAllRaw(Topics.deadLetter(Topics.ORDERS_FULFILLED)).size();
        List<OrderFulfilled> orders = IntStream.range(0, 20).mapToObj(i -> order(List.of(line("AB", i + 1)))).toList();

        long transientFailuresBefore = deliveryFailures.transientFailures();
        long deadLetteredBefore = deliveryFailures.deadLettered();

        postgres.get().stop();
        try {
            orders.forEach(order -> kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order));
            // Keep the database down until the consumer has met the outage, so the test proves the retry path.
            await().atMost(PATIENCE).until(() -> deliveryFailures.transientFailures() > transientFailuresBefore);
        } finally {
            postgres.get().start();
        }

        Set<String> orderNumbers = orders.stream().map(OrderFulfilled::getOrderNumber).collect(Collectors.toSet());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(kafka.readAll(Topics.ACTIVATION_KEYS))
                .extracting(ConsumerRecord::key).filteredOn(orderNumbers::contains).hasSize(orders.size()));
        assertThat(db.fetchCount(ACTIVATION_KEY, ACTIVATION_KEY.ORDER_NUMBER.in(orderNumbers))).isEqualTo(orders.size());
        assertThat(kafka.readAllRaw(Topics.deadLetter(Topics.ORDERS_FULFILLED))).hasSize(deadLettersBefore);
        assertThat(deliveryFailures.deadLettered()).isEqualTo(deadLetteredBefore);
    }

    @Test
    void activationKeyMessagesUseTheConfluentWireFormatWithAnIdTheRegistryResolves() throws Exception {
        OrderFulfilled order = order(List.of(line("PRI", 1)));
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);
        awaitAnnouncements(order.getOrderNumber(), 1);

        ConsumerRecord<String, byte[]> wire = kafka.readAllRaw(Topics.ACTIVATION_KEYS).stream()
                .filter(r -> order.getOrderNumber().equals(r.key())).findFirst().orElseThrow();
        ByteBuffer bytes = ByteBuffer.wrap(wire.value());
        assertThat(bytes.get()).as("magic byte").isZero();
        int schemaId = bytes.getInt();

        HttpResponse<String> schema = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        TestInfrastructure.get().endpoints().schemaRegistryUrl() + "/apis/ccompat/v7/schemas/ids/" + schemaId))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("ActivationKeyIssued");
        // Registered by the registry step under the subject <topic>-value, which the service only looked up.
        HttpResponse<String> subject = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        TestInfrastructure.get().schemaRegistryCcompatUrl() + "/subjects/"
                                + Topics.ACTIVATION_KEYS + "-value/versions/latest"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(subject.statusCode()).isEqualTo(200);
        assertThat(subject.body()).contains("\"id\":" + schemaId + ",");
        for (String header : List.of(EnvelopeHeaders.SPEC_VERSION, EnvelopeHeaders.ID, EnvelopeHeaders.TYPE,
                EnvelopeHeaders.SOURCE, EnvelopeHeaders.TIME, EnvelopeHeaders.CONTENT_TYPE,
                EnvelopeHeaders.CORRELATION_ID, EnvelopeHeaders.CAUSATION_ID, EnvelopeHeaders.LEGACY_CORRELATION_ID,
                EnvelopeHeaders.LEGACY_CAUSATION_ID)) {
            assertThat(header(wire, header)).as(header).isNotBlank();
        }
    }

    @Test
    void theCloudEventsSdkReadsARelayedEventWithItsAvroAsData() {
        OrderFulfilled order = order(List.of(line("PRI", 1)));
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);
        awaitAnnouncements(order.getOrderNumber(), 1);
        ConsumerRecord<String, byte[]> wire = kafka.readAllRaw(Topics.ACTIVATION_KEYS).stream()
                .filter(r -> order.getOrderNumber().equals(r.key())).findFirst().orElseThrow();

        CloudEvent event = KafkaMessageFactory.createReader(wire).toEvent();

        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getId()).isEqualTo(header(wire, EnvelopeHeaders.ID));
        assertThat(event.getType()).isEqualTo(ActivationKeyIssued.getClassSchema().getFullName());
        assertThat(event.getSource()).hasToString("license-manager");
        assertThat(event.getTime()).isNotNull();
        assertThat(event.getDataContentType()).isEqualTo("application/avro");
        // Caused by the order message, which started the conversation: both extensions name it.
        assertThat(event.getExtension("causationid")).isNotNull().isEqualTo(event.getExtension("correlationid"));
        assertThat(event.getData().toBytes()).isEqualTo(wire.value());
    }

    @Test
    void anInvalidOrderIsRejectedWithEveryReasonAndIssuesNothing() {
        OrderFulfilled order = order(List.of(line("PBX7#15", 1), line("Channels", 0)));

        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);

        OrderRejected rejected = awaitRejection(order.getOrderNumber());
        assertThat(rejected.getRejections()).extracting(Rejection::getReason)
                .containsExactlyInAnyOrder("MALFORMED_LICENSE_CODE", "QUANTITY_NOT_POSITIVE");
        assertThat(keysStoredFor(order.getOrderNumber())).isZero();
        assertThat(recordsFor(order.getOrderNumber())).isEmpty();
    }

    @Test
    void aCorrectedOrderForAnIssuedOrderNumberIsRejectedAndTheKeyStaysAsItWas() {
        OrderFulfilled order = order(List.of(line("Channels", 4)));
        kafka.publish(Topics.ORDERS_FULFILLED, order.getOrderNumber(), order);
        ActivationKeyIssued issued = awaitAnnouncements(order.getOrderNumber(), 1).get(0);

        OrderFulfilled corrected = OrderFulfilled.newBuilder(order).setLines(List.of(line("Channels", 5))).build();
        kafka.publish(Topics.ORDERS_FULFILLED, corrected.getOrderNumber(), corrected);

        assertThat(awaitRejection(order.getOrderNumber()).getRejections()).extracting(Rejection::getReason)
                .containsExactly("ORDER_ALREADY_ISSUED");
        assertThat(recordsFor(order.getOrderNumber())).hasSize(1);
        assertThat(db.select(ACTIVATION_KEY_LICENSE.QUANTITY).from(ACTIVATION_KEY_LICENSE)
                .where(ACTIVATION_KEY_LICENSE.ACTIVATION_KEY.eq(issued.getActivationKey())).fetchSingle().value1())
                .isEqualTo(4);
    }

    @Test
    void tenThousandOrdersInABurstAreEachIssuedExactlyOnce() {
        Map<String, OrderFulfilled> burst = new java.util.LinkedHashMap<>();
        String prefix = "BURST-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 10_000; i++) {
            OrderFulfilled order = orderWithNumber(prefix + i);
            burst.put(order.getOrderNumber(), order);
        }

        kafka.publishAll(Topics.ORDERS_FULFILLED, burst);

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(
                db.fetchCount(ACTIVATION_KEY, ACTIVATION_KEY.ORDER_NUMBER.startsWith(prefix))).isEqualTo(10_000));
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<ConsumerRecord<String, Object>> announced = kafka.readAll(Topics.ACTIVATION_KEYS).stream()
                    .filter(r -> r.key().startsWith(prefix)).toList();
            assertThat(announced.stream().map(r -> header(r, EnvelopeHeaders.ID)).distinct()).hasSize(10_000);
            assertThat(announced.stream().map(ConsumerRecord::key).distinct()).hasSize(10_000);
        });
    }

    private OrderRejected awaitRejection(String orderNumber) {
        return await().atMost(PATIENCE).until(() -> kafka.readAll(Topics.ORDER_REJECTIONS).stream()
                        .filter(r -> orderNumber.equals(r.key())).map(r -> (OrderRejected) r.value()).toList(),
                rejections -> !rejections.isEmpty()).get(0);
    }

    private List<ActivationKeyIssued> awaitAnnouncements(String orderNumber, int count) {
        return awaitRecords(orderNumber, count).stream().map(r -> (ActivationKeyIssued) r.value()).toList();
    }

    private List<ConsumerRecord<String, Object>> awaitRecords(String orderNumber, int count) {
        return await().atMost(PATIENCE).until(() -> recordsFor(orderNumber), records -> records.size() >= count);
    }

    private List<ConsumerRecord<String, Object>> announcementsFor(String orderNumber) {
        return recordsFor(orderNumber);
    }

    private List<ConsumerRecord<String, Object>> recordsFor(String orderNumber) {
        return kafka.readAll(Topics.ACTIVATION_KEYS).stream().filter(r -> orderNumber.equals(r.key())).toList();
    }

    private int keysStoredFor(String orderNumber) {
        return db.fetchCount(ACTIVATION_KEY, ACTIVATION_KEY.ORDER_NUMBER.eq(orderNumber));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static OrderFulfilled order(List<LicenseLine> lines) {
        return OrderFulfilled.newBuilder(orderWithNumber("ORD-" + UUID.randomUUID())).setLines(lines).build();
    }

    private static OrderFulfilled orderWithNumber(String orderNumber) {
        return OrderFulfilled.newBuilder()
                .setOrderNumber(orderNumber)
                .setCustomerReference("PO-" + orderNumber.hashCode())
                .setCustomer(new Customer("Example Telecom GmbH", null))
                .setLines(List.of(line("Channels", 1)))
                .setFulfilledAt(Instant.now())
                .build();
    }

    private static LicenseLine line(String code, int quantity) {
        return new LicenseLine(code, quantity);
    }
}
