package com.licensemanager.platform.outbox;

import com.licensemanager.localstack.KafkaBroker;
import com.licensemanager.platform.PlatformDatabase;
import com.licensemanager.platform.messaging.AvroBinary;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Rejection;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.repair.RmaEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import static com.licensemanager.platform.db.Tables.OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, "the relay scales out": two service instances' relays over one real PostgreSQL and a real Kafka broker
 * publish at once, and every unit's events still arrive in the order they were committed; when one instance stops,
 * the other takes its shards.
 */
class OutboxRelayScaleOutTest {

    private static final String TOPIC = Topics.RMA_REJECTIONS;
    private static final int UNITS = 64;
    private static final int EVENTS_PER_TRANSACTION = 50;

    @RegisterExtension
    static final PlatformDatabase database = new PlatformDatabase();
    private static KafkaBroker kafka;

    /** Every event written, per unit, in commit order. */
    private final Map<String, List<String>> writtenPerUnit = new LinkedHashMap<>();
    private final Map<String, List<String>> receivedPerUnit = new LinkedHashMap<>();
    private final Random random = new Random(16);
    private final List<OutboxRelay> started = new ArrayList<>();
    private int received;

    @BeforeAll
    static void brokerWithTheTopic() throws Exception {
        kafka = KafkaBroker.launch();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void stopRelays() {
        started.forEach(OutboxRelay::stop);
    }

    @Test
    void twoInstancesPublishAtOnceEachUnitInCommitOrderAndOneTakesOverWhenTheOtherStops() {
        // Each instance as the service builds it: its own producer, meters and commit signal; one database.
        OutboxSignal firstSignal = new OutboxSignal();
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        OutboxRelay first = start(relay(firstSignal, firstMeters));
        start(relay(new OutboxSignal(), secondMeters));
        // The first instance's listeners write (and wake its relay); the second finds the rows by polling.
        Outbox outbox = new Outbox(database.db(), firstSignal);

        writeEvents(outbox, 6_000);

        await().atMost(Duration.ofMinutes(1)).until(() -> database.db().fetchCount(OUTBOX) == 0);
        double firstPublished = published(firstMeters);
        double secondPublished = published(secondMeters);
        assertThat(firstPublished).as("published by the first instance").isPositive();
        assertThat(secondPublished).as("published by the second instance").isPositive();
        // Nothing failed, so nothing was published twice.
        assertThat(firstPublished + secondPublished).isEqualTo(6_000);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            receiveUntil(consumer, 6_000);
            assertThat(receivedPerUnit).isEqualTo(writtenPerUnit);

            // The first instance goes away: its shards are free at once, the second publishes everything.
            first.stop();
            writeEvents(outbox, 1_000);

            await().atMost(Duration.ofMinutes(1)).until(() -> database.db().fetchCount(OUTBOX) == 0);
            assertThat(published(firstMeters)).isEqualTo(firstPublished);
            assertThat(published(secondMeters)).isEqualTo(secondPublished + 1_000);
            receiveUntil(consumer, 7_000);
            assertThat(receivedPerUnit).isEqualTo(writtenPerUnit);
        }
    }

    /** Transactions of 50 events of random units, as batches of requests commit them. */
    private void writeEvents(Outbox outbox, int count) {
        for (int done = 0; done < count; done += EVENTS_PER_TRANSACTION) {
            List<OutboxEvent> batch = IntStream.range(0, EVENTS_PER_TRANSACTION)
                    .mapToObj(i -> rmaRejected(String.format("00-90-33-00-%02X-%02X", 0x16, random.nextInt(UNITS))))
                    .toList();
            database.transactions().executeWithoutResult(status -> outbox.add(batch));
            batch.forEach(event -> writtenPerUnit.computeIfAbsent(event.key(), unit -> new ArrayList<>())
                    .add(event.eventId().toString()));
        }
    }

    private void receiveUntil(KafkaConsumer<String, byte[]> consumer, int expected) {
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                receivedPerUnit.computeIfAbsent(record.key(), unit -> new ArrayList<>()).add(new String(
                        record.headers().lastHeader(EnvelopeHeaders.ID).value(), StandardCharsets.UTF_8));
                received++;
            }
            return received >= expected;
        });
        // Anything beyond the expected count would be a duplicate: a last short poll finds none.
        assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
    }

    private static double published(SimpleMeterRegistry meters) {
        return meters.counter("licensing.outbox.published").count();
    }

    private OutboxRelay start(OutboxRelay relay) {
        started.add(relay);
        relay.start();
        return relay;
    }

    private static OutboxRelay relay(OutboxSignal signal, SimpleMeterRegistry meters) {
        return new OutboxRelay(database.db(), database.transactions(), template(), framing(), Duration.ofSeconds(5),
                signal, 16, 100, Duration.ofMillis(50), Duration.ofSeconds(30), meters);
    }

    private static KafkaTemplate<String, byte[]> template() {
        // As the service's relay producer: idempotent, acks=all (PlatformAutoConfiguration).
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5)));
    }

    /** The registry's only part here is the frame; this test is about order and shards, so a fixed schema id. */
    private static Serializer<Object> framing() {
        return (topic, data) -> {
            byte[] body = AvroBinary.encode((SpecificRecord) data);
            return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(1).put(body).array();
        };
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000));
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                .map(partition -> new TopicPartition(TOPIC, partition.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static OutboxEvent rmaRejected(String mac) {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        return new OutboxEvent(UUID.randomUUID(), TOPIC, mac, RmaNotificationRejected.newBuilder()
                .setNotificationId("notification-16").setMac(mac).setEvent(RmaEvent.RECEIVED_FOR_REPAIR)
                .setRejections(List.of(Rejection.newBuilder().setReason("UNIT_UNKNOWN")
                        .setMessage("no unit with this MAC").build()))
                .setRejectedAt(now).build(), "license-manager", "order-16", "notification-16", now);
    }
}
