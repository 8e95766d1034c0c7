package com.licensemanager.chaos;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.warehouse.UnitShipped;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Poison for the input topics, as raw bytes: garbage (no Confluent magic byte), an unknown schema id, a value of
 * another schema (a {@code UnitShipped} where a {@code LicenseRequest} belongs, and the other way round), and a
 * truncated value. Each has its own key ({@code chaos-bad-<run>-<n>}), by which its dead letter is found, whose
 * value must be byte-equal to what was sent here.
 */
final class BadRecords implements AutoCloseable {

    record Sent(String key, String topic, int partition, String kind, byte[] value) {
    }

    static final List<String> INPUTS = List.of(Topics.LICENSE_REQUESTS, Topics.RMA_NOTIFICATIONS,
            Topics.UNITS_SHIPPED, Topics.ORDERS_FULFILLED, Topics.ADMIN_COMMANDS);
    static final String[] KINDS = {"garbage", "unknown-schema-id", "wrong-schema", "truncated"};

    private final String runId;
    private final KafkaProducer<byte[], byte[]> producer;
    private final byte[] licenseRequest;
    private final byte[] unitShipped;
    private final Random random = new Random(7);
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private int next;

    BadRecords(String runId, String bootstrapServers, String registryApiUrl) {
        this.runId = runId;
        try (AvroKafkaSerializer<Object> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(Map.of("apicurio.registry.url", registryApiUrl,
                    "apicurio.registry.auto-register", true), false);
            licenseRequest = serializer.serialize(Topics.LICENSE_REQUESTS, new RecordHeaders(),
                    new LicenseRequest("chaos-bad-" + runId, "nobody", Instant.now(),
                            new QuoteAssignment("00-90-33-00-00-01", null)));
            unitShipped = serializer.serialize(Topics.UNITS_SHIPPED, new RecordHeaders(),
                    new UnitShipped("00-90-33-FF-FF-FF", Model.MODEL, "CHAOS-BAD", Instant.now()));
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.CLIENT_ID_CONFIG, "chaos-bad-records"));
    }

    /** Publishes the next bad record (kinds and topics in turn). */
    synchronized void sendOne() {
        int n = next++;
        String kind = KINDS[n % KINDS.length];
        String topic = INPUTS.get(n % INPUTS.size());
        byte[] value = switch (kind) {
            case "garbage" -> {
                byte[] bytes = new byte[16 + random.nextInt(48)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (1 + random.nextInt(120));
                yield bytes;
            }
            case "unknown-schema-id" -> ByteBuffer.allocate(5 + 12).put((byte) 0).putInt(987_654_321)
                    .put("no such schema".getBytes(StandardCharsets.US_ASCII), 0, 12).array();
            case "wrong-schema" -> topic.equals(Topics.UNITS_SHIPPED) ? licenseRequest.clone() : unitShipped.clone();
            default -> Arrays.copyOf(topic.equals(Topics.UNITS_SHIPPED) ? unitShipped : licenseRequest, 8);
        };
        String key = "chaos-bad-" + runId + "-" + n;
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                sent.put(key, new Sent(key, topic, metadata.partition(), kind, value));
            }
        });
    }

    synchronized int count() {
        return next;
    }

    List<Sent> acknowledged() {
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a bad record", failure.get());
        }
        return new ArrayList<>(sent.values());
    }

    @Override
    public void close() {
        producer.close();
    }
}
