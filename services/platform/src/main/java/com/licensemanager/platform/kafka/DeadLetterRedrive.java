package com.licensemanager.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Operator's tool (see docs/runbook.md): sends dead letters back to the topic they came from, with their original key,
 * value (optionally repaired) and envelope headers, so the consumer handles them again. Consumers are idempotent by
 * message id, so re-driving something that was handled after all changes nothing.
 */
public final class DeadLetterRedrive implements AutoCloseable {

    public static final String DEFAULT_GROUP = "license-manager.redrive";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRedrive.class);

    /** Bootstrap servers and, for a secured broker, the operator's login settings. */
    private final Map<String, Object> connection;
    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetterRedrive(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public DeadLetterRedrive(Map<String, Object> connection) {
        this.connection = Map.copyOf(connection);
        this.producer = new KafkaProducer<>(with(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    private Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(settings);
        return config;
    }

    /** Re-drives what the default redrive group has not re-driven yet; answers how many records were sent. */
    public int redrive(String originalTopic, Predicate<ConsumerRecord<byte[], byte[]>> which, UnaryOperator<byte[]> repair) {
        return redrive(originalTopic, which, repair, DEFAULT_GROUP);
    }

    public int redrive(String originalTopic, Predicate<ConsumerRecord<byte[], byte[]>> which,
                       UnaryOperator<byte[]> repair, String group) {
        return redrive(originalTopic, which, repair, group, sent -> { });
    }

    /**
     * Sends the selected dead letters the group has not read yet back to {@code originalTopic}, then commits the
     * group past everything it read: records the filter left out are passed over too (a later run with another
     * group reads them again). {@code onSent} sees each record sent, as it was dead-lettered.
     */
    public int redrive(String originalTopic, Predicate<ConsumerRecord<byte[], byte[]>> which,
                       UnaryOperator<byte[]> repair, String group, Consumer<ConsumerRecord<byte[], byte[]>> onSent) {
        List<ConsumerRecord<byte[], byte[]>> selected = read(originalTopic, which, group, true, record -> {
            ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(originalTopic, record.key(),
                    repair.apply(record.value()));
            for (Header header : record.headers()) {
                if (!header.key().startsWith("kafka_dlt-")) {
                    again.headers().add(header);
                }
            }
            producer.send(again);
            onSent.accept(record);
        });
        log.info("re-drove {} dead letters from {} to {}", selected.size(),
                originalTopic + KafkaErrorHandling.DEAD_LETTER_SUFFIX, originalTopic);
        return selected.size();
    }

    /**
     * The dry run: the dead letters {@link #redrive} with the same filter and group would send now, read without
     * sending anything or moving the group.
     */
    public List<ConsumerRecord<byte[], byte[]>> wouldRedrive(String originalTopic,
                                                             Predicate<ConsumerRecord<byte[], byte[]>> which, String group) {
        return read(originalTopic, which, group, false, record -> { });
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String originalTopic, Predicate<ConsumerRecord<byte[], byte[]>> which,
                                                      String group, boolean commit,
                                                      Consumer<ConsumerRecord<byte[], byte[]>> each) {
        String deadLetters = originalTopic + KafkaErrorHandling.DEAD_LETTER_SUFFIX;
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> selected = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetters).stream()
                    .map(info -> new TopicPartition(deadLetters, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + deadLetters + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    // records appended after the end was taken wait for the next run, so a dry run and the run
                    // after it see the same records
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && which.test(record)) {
                        each.accept(record);
                        selected.add(record);
                    }
                }
            }
            if (commit) {
                producer.flush();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                partitions.forEach(p -> done.put(p, new OffsetAndMetadata(end.get(p))));
                consumer.commitSync(done);
            }
        }
        return selected;
    }

    @Override
    public void close() {
        producer.close();
    }
}
