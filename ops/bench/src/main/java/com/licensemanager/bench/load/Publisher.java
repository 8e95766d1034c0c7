package com.licensemanager.bench.load;

import com.licensemanager.bench.measure.PhaseRecorder;
import com.licensemanager.harness.AvroProducer;
import com.licensemanager.platform.messaging.Envelope;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the portal, the ordering system and the warehouse: publishes Avro values through the registry (Confluent
 * wire format, the Apicurio serde as the services use it) with the envelope headers every producer sends.
 * <p>
 * A measured phase's requests are {@linkplain #prepare serialised before the phase} (registry frame, Avro body,
 * envelope headers with a fresh message id each), so that while the phase runs the driver only hands bytes to the
 * producer: its own CPU per request must stay well below the Kafka echo's, or it would be the driver that the
 * benchmark measures (issue 13). Requests are then published either as fast as the producer takes them, or open-loop
 * at a fixed rate: request {@code i} is due at {@code start + i / rate} whatever happened to the earlier ones, and its
 * latency is counted from when it was due (so a publisher that falls behind cannot hide latency).
 */
public final class Publisher implements AutoCloseable {

    public static final String SOURCE = "license-manager-bench";

    /** A phase's requests as the broker will get them, in plan order. */
    public record Prepared(String topic, byte[][] keys, byte[][] values, Header[][] headers) {
    }

    private final AvroProducer producer;
    private final KafkaProducer<byte[], byte[]> raw;
    private final AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback onAcknowledged = (metadata, exception) -> {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    };

    public Publisher(String bootstrapServers, String registryApiUrl, int lingerMs) {
        Map<String, Object> overrides = Map.of(ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        producer = new AvroProducer(bootstrapServers, registryApiUrl, "bench-publisher-linger-" + lingerMs, SOURCE,
                overrides);
        // the same producer settings as AvroProducer's, for values serialised beforehand
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-publisher-prepared-linger-" + lingerMs);
        raw = new KafkaProducer<>(config);
        serializer.configure(Map.of("apicurio.registry.url", registryApiUrl, "apicurio.registry.auto-register", true),
                false);
    }

    /** Publishes one value with a fresh message id (seeding: not measured). */
    public void send(String topic, String key, SpecificRecord value) {
        producer.send(topic, key, value);
    }

    /**
     * Serialises the plan's requests for {@code topic} as {@link #send} would (same serde, same envelope), before the
     * phase starts.
     */
    public Prepared prepare(String topic, List<PlannedRequest> plan) {
        int size = plan.size();
        byte[][] keys = new byte[size][];
        byte[][] values = new byte[size][];
        Header[][] headers = new Header[size][];
        for (PlannedRequest planned : plan) {
            int i = planned.index();
            String id = UUID.randomUUID().toString();
            RecordHeaders envelope = new RecordHeaders();
            new Envelope(id, planned.request().getSchema().getFullName(), SOURCE, Instant.now(), id, null)
                    .writeTo(envelope);
            keys[i] = planned.account().getBytes(StandardCharsets.UTF_8);
            values[i] = serializer.serialize(topic, planned.request());
            headers[i] = envelope.toArray();
        }
        return new Prepared(topic, keys, values, headers);
    }

    /** Every request of the phase, as fast as possible. */
    public void publishAsFastAsPossible(PhaseRecorder phase, Prepared prepared) {
        for (int i = 0; i < phase.size(); i++) {
            long now = System.nanoTime();
            phase.published(i, now, now);
            send(prepared, i);
        }
        flush();
    }

    /** Open loop at {@code perSecond}: request {@code i} is due {@code i / perSecond} after the start. */
    public void publishAtRate(PhaseRecorder phase, Prepared prepared, double perSecond) {
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + 20_000_000L;
        for (int i = 0; i < phase.size(); i++) {
            long due = start + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            phase.published(i, due, now);
            send(prepared, i);
        }
        flush();
    }

    private void send(Prepared prepared, int i) {
        raw.send(new ProducerRecord<>(prepared.topic(), null, prepared.keys()[i], prepared.values()[i],
                new RecordHeaders(prepared.headers()[i])), onAcknowledged);
    }

    public void flush() {
        producer.flush();
        raw.flush();
        Exception exception = failure.get();
        if (exception != null) {
            throw new IllegalStateException("the broker refused a request", exception);
        }
    }

    @Override
    public void close() {
        producer.close();
        raw.close();
        serializer.close();
    }
}
