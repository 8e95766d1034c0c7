package com.licensemanager.harness;

import com.licensemanager.platform.messaging.Envelope;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays another team's producer: Avro values through the registry (Confluent wire format, the Apicurio serde as the
 * services use it), {@code acks=all}, idempotent, with the envelope headers every producer sends and a fresh message
 * id per record. A record the broker refuses is remembered and reported by the next {@link #flush()}.
 */
public final class AvroProducer implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final String source;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** {@code overrides}: producer settings beyond the defaults here (linger, batch size, timeouts, ...). */
    public AvroProducer(String bootstrapServers, String registryApiUrl, String clientId, String source,
                        Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put("apicurio.registry.url", registryApiUrl);
        config.put("apicurio.registry.auto-register", true);
        config.putAll(overrides);
        this.producer = new KafkaProducer<>(config);
        this.source = source;
    }

    /** Publishes one value with a fresh message id ({@code ce_id}), which it answers. */
    public String send(String topic, String key, SpecificRecord value) {
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
        new Envelope(id, value.getSchema().getFullName(), source, Instant.now(), id, null).writeTo(record.headers());
        producer.send(record, (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        });
        return id;
    }

    /** The first record the broker refused so far, or null. */
    public Exception failure() {
        return failure.get();
    }

    /** Waits until every record sent so far is acknowledged; fails if the broker refused one. */
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
