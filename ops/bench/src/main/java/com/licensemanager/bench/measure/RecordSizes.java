package com.licensemanager.bench.measure;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean value sizes of the latest records of some topics: the service's results and state records, so that the report
 * shows how close the Kafka echo's record sizes ({@code --echo-result-bytes}, {@code --echo-state-bytes}) came.
 */
public final class RecordSizes {

    private RecordSizes() {
    }

    /** Per topic the mean value size in bytes of (up to) its last {@code perTopic} records; null for an empty topic. */
    public static Map<String, Object> meanValueBytes(String bootstrapServers, List<String> topics, int perTopic) {
        Map<String, Object> sizes = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-record-sizes"))) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                long wanted = 0;
                for (TopicPartition partition : partitions) {
                    long from = Math.max(0, ends.get(partition) - perTopic / Math.max(1, partitions.size()));
                    consumer.seek(partition, from);
                    wanted += ends.get(partition) - from;
                }
                long count = 0;
                long bytes = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                int emptyPolls = 0;
                // compaction may have removed some of the offsets: two empty polls in a row end the topic early
                while (count < wanted && emptyPolls < 2 && System.nanoTime() < deadline) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        count++;
                        bytes += Math.max(0, record.serializedValueSize());
                    }
                }
                sizes.put(topic, count == 0 ? null : (double) bytes / count);
            }
        }
        return sizes;
    }
}
