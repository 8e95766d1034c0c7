package com.licensemanager.bench.load;

import com.licensemanager.bench.measure.PhaseRecorder;
import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.topics.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the portal, the ordering system and the warehouse: publishes Avro values through the registry (Confluent
 * wire format, the Apicurio serde as the services use it) with the envelope headers every producer sends.
 * Requests are published either as fast as the producer takes them, or open-loop at a fixed rate: request
 * {@code i} is due at {@code start + i / rate} whatever happened to the earlier ones, and its latency is counted
 * from when it was due (so a publisher that falls behind cannot hide latency).
 */
public final class Publisher implements AutoCloseable {

    public static final String SOURCE = "license-manager-bench";

    private final KafkaProducer<String, Object> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public Publisher(String bootstrapServers, String registryApiUrl, int lingerMs) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-publisher-linger-" + lingerMs);
        config.put("apicurio.registry.url", registryApiUrl);
        config.put("apicurio.registry.auto-register", true);
        producer = new KafkaProducer<>(config);
    }

    /** Publishes one value with a fresh message id. */
    public void send(String topic, String key, SpecificRecord value) {
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
        new Envelope(id, value.getSchema().getFullName(), SOURCE, Instant.now(), id, null).writeTo(record.headers());
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        });
    }

    /** Every request of the phase, as fast as possible. */
    public void publishAsFastAsPossible(PhaseRecorder phase) {
        for (PlannedRequest planned : phase.plan()) {
            long now = System.nanoTime();
            phase.published(planned.index(), now, now);
            send(Topics.LICENSE_REQUESTS, planned.account(), planned.request());
        }
        flush();
    }

    /** Open loop at {@code perSecond}: request {@code i} is due {@code i / perSecond} after the start. */
    public void publishAtRate(PhaseRecorder phase, double perSecond) {
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + 20_000_000L;
        for (PlannedRequest planned : phase.plan()) {
            long due = start + (long) (planned.index() * interval);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            phase.published(planned.index(), due, now);
            send(Topics.LICENSE_REQUESTS, planned.account(), planned.request());
        }
        flush();
    }

    public void flush() {
        producer.flush();
        Exception exception = failure.get();
        if (exception != null) {
            throw new IllegalStateException("the broker refused a record", exception);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
