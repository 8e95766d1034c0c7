package com.licensemanager.testsupport;

import com.licensemanager.platform.messaging.Envelope;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Plays the other teams in tests: publishes Avro or raw bytes with envelope headers, and reads whole topics. */
public final class KafkaTestClient implements AutoCloseable {

    /** Where the broker is and how to log in (bootstrap servers, and for a secured broker its SASL settings). */
    private final Map<String, Object> connection;
    private final String registryApiUrl;
    private final KafkaProducer<String, Object> avroProducer;
    private final KafkaProducer<String, byte[]> rawProducer;
    private final AvroKafkaDeserializer<Object> avroDeserializer = new AvroKafkaDeserializer<>();

    private static volatile KafkaTestClient shared;

    /** One client per test JVM, like the infrastructure it talks to; closed when the JVM exits. */
    public static KafkaTestClient shared() {
        if (shared == null) {
            synchronized (KafkaTestClient.class) {
                if (shared == null) {
                    TestInfrastructure infrastructure = TestInfrastructure.get();
                    KafkaTestClient client = new KafkaTestClient(infrastructure.kafkaBootstrapServers(),
                            infrastructure.schemaRegistryUrl());
                    Runtime.getRuntime().addShutdownHook(new Thread(client::close, "kafka-test-client-close"));
                    shared = client;
                }
            }
        }
        return shared;
    }

    public KafkaTestClient(String bootstrapServers, String registryBaseUrl) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), registryBaseUrl);
    }

    /** A client of a secured broker: {@code connection} holds the bootstrap servers and the login settings. */
    public KafkaTestClient(Map<String, Object> connection, String registryBaseUrl) {
        this.connection = Map.copyOf(connection);
        this.registryApiUrl = registryBaseUrl + "/apis/registry/v3";
        this.avroProducer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                "apicurio.registry.url", registryApiUrl,
                "apicurio.registry.auto-register", true)));
        this.avroDeserializer.configure(Map.of("apicurio.registry.url", registryApiUrl,
                "apicurio.registry.use-specific-avro-reader", true), false);
        this.rawProducer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    private Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> config = new java.util.HashMap<>(connection);
        config.putAll(settings);
        return config;
    }

    /** Publishes with a fresh message id; answers the id. */
    public String publish(String topic, String key, SpecificRecord value) {
        String id = UUID.randomUUID().toString();
        publish(topic, key, value, id);
        return id;
    }

    public void publish(String topic, String key, SpecificRecord value, String messageId) {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
        new Envelope(messageId, value.getSchema().getFullName(), "test", Instant.now(), messageId, null)
                .writeTo(record.headers());
        try {
            avroProducer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** Publishes many records as fast as the producer can batch them, each with a fresh message id. */
    public void publishAll(String topic, Map<String, ? extends SpecificRecord> valuesByKey) {
        publishAll(topic, List.copyOf(valuesByKey.entrySet()));
    }

    /**
     * Publishes many records, in this order, as fast as the producer can batch them, each with a fresh message id;
     * keys may repeat (a burst of one account's requests).
     */
    public void publishAll(String topic, List<? extends Map.Entry<String, ? extends SpecificRecord>> records) {
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>(records.size());
        records.forEach(entry -> {
            String key = entry.getKey();
            SpecificRecord value = entry.getValue();
            ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
            String id = UUID.randomUUID().toString();
            new Envelope(id, value.getSchema().getFullName(), "test", Instant.now(), id, null).writeTo(record.headers());
            sends.add(avroProducer.send(record));
        });
        avroProducer.flush();
        for (var send : sends) {
            try {
                send.get();
            } catch (Exception e) {
                throw new IllegalStateException("could not publish to " + topic, e);
            }
        }
    }

    /** Raw bytes with envelope headers, as a producer with a bug (or a repair) would send them. */
    public void publishRaw(String topic, String key, byte[] value, String messageId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        new Envelope(messageId, "raw", "test", Instant.now(), messageId, null).writeTo(record.headers());
        try {
            rawProducer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    public void publishRaw(String topic, String key, byte[] value) {
        try {
            rawProducer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /**
     * Everything currently on the topic, decoded through the registry by one long-lived deserializer: a registry
     * client opened and closed on every poll (Apicurio's clients share one Vert.x instance) could disturb the
     * service's own registry calls in the same JVM.
     */
    public List<ConsumerRecord<String, Object>> readAll(String topic) {
        List<ConsumerRecord<String, Object>> decoded = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> raw : readAllRaw(topic)) {
            Object value;
            synchronized (avroDeserializer) {
                value = raw.value() == null ? null : avroDeserializer.deserialize(topic, raw.headers(), raw.value());
            }
            decoded.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                    raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), raw.key(), value,
                    raw.headers(), raw.leaderEpoch()));
        }
        return decoded;
    }

    /** Everything currently on the topic, as the bytes on the wire. */
    public List<ConsumerRecord<String, byte[]>> readAllRaw(String topic) {
        return readAll(topic, ByteArrayDeserializer.class);
    }

    private <V> List<ConsumerRecord<String, V>> readAll(String topic, Class<?> valueDeserializer) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(with(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                "apicurio.registry.url", registryApiUrl,
                "apicurio.registry.use-specific-avro-reader", true)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return new ArrayList<>(records);
        }
    }

    @Override
    public void close() {
        avroProducer.close();
        rawProducer.close();
        avroDeserializer.close();
    }
}
