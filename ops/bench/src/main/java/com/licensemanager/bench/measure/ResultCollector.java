package com.licensemanager.bench.measure;

import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the portal (and certificate printing): reads every result on {@code licensing.license-results.v1} (or the
 * Kafka echo's results topic) and every issued key on {@code licensing.activation-keys.v1}, from the beginning, on one
 * thread. Each result is stamped with {@link System#nanoTime()} when its poll returned and handed to the phase its
 * request id belongs to.
 * <p>
 * Results are read as bytes and only their first fields are decoded ({@link ResultPrefix}): the collector is part of
 * the driver, whose CPU per request must stay well below the Kafka echo's (issue 13), and a full decode of every
 * license file it never looks at would make the driver the bottleneck of the echo baseline.
 */
public final class ResultCollector implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroKafkaDeserializer<Object> keyDecoder = new AvroKafkaDeserializer<>();
    private final String resultsTopic;
    private final Map<String, PhaseRecorder> phases = new ConcurrentHashMap<>();
    private final Map<String, String> keysByOrder = new ConcurrentHashMap<>();
    private final AtomicLong foreignResults = new AtomicLong();
    private final AtomicLong resultsSeen = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** The service's results and activation keys. */
    public ResultCollector(String bootstrapServers, String registryApiUrl) {
        this(bootstrapServers, registryApiUrl, Topics.LICENSE_RESULTS, List.of(Topics.ACTIVATION_KEYS), "bench-result-collector");
    }

    /** Results on {@code resultsTopic} (and activation keys on {@code keysTopics}), from the beginning. */
    public ResultCollector(String bootstrapServers, String registryApiUrl, String resultsTopic,
                           List<String> keysTopics, String clientId) {
        this(bootstrapServers, registryApiUrl, resultsTopic, keysTopics, clientId, false);
    }

    /**
     * As above; {@code fromEnd}: only what is published after this constructor returns (the topic's end is resolved
     * here, before any phase is published), so a collector for a later phase does not read the earlier phases again.
     */
    public ResultCollector(String bootstrapServers, String registryApiUrl, String resultsTopic,
                           List<String> keysTopics, String clientId, boolean fromEnd) {
        this.resultsTopic = resultsTopic;
        keyDecoder.configure(Map.of("apicurio.registry.url", registryApiUrl,
                "apicurio.registry.use-specific-avro-reader", true), false);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId));
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> topics = new ArrayList<>(keysTopics);
        topics.addFirst(resultsTopic);
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
            partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
        } else {
            consumer.seekToBeginning(partitions);
        }
        thread = Thread.ofPlatform().name(clientId).daemon().start(this::consume);
    }

    public void register(PhaseRecorder phase) {
        phases.put(phase.prefix(), phase);
    }

    public Map<String, String> keysByOrder() {
        return keysByOrder;
    }

    public long foreignResults() {
        return foreignResults.get();
    }

    public long resultsSeen() {
        return resultsSeen.get();
    }

    /** Waits until a key was issued for each of these orders. */
    public void awaitKeys(Collection<String> orderNumbers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!keysByOrder.keySet().containsAll(orderNumbers)) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                long issued = orderNumbers.stream().filter(keysByOrder::containsKey).count();
                throw new IllegalStateException("only " + issued + " of " + orderNumbers.size()
                        + " activation keys were issued within " + timeout.toSeconds() + " s");
            }
            sleep(100);
        }
    }

    public void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException("the result collector failed", failure);
        }
    }

    private void consume() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.value() == null) {
                        continue;
                    }
                    if (record.topic().equals(resultsTopic)) {
                        onResult(now, record, ResultPrefix.decode(record.value()));
                    } else if (keyDecoder.deserialize(record.topic(), record.headers(), record.value())
                            instanceof ActivationKeyIssued key) {
                        keysByOrder.put(key.getOrderNumber(), key.getActivationKey());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
            keyDecoder.close();
        }
    }

    private void onResult(long now, ConsumerRecord<byte[], byte[]> record, ResultPrefix result) {
        resultsSeen.incrementAndGet();
        String requestId = result.requestId();
        int dash = requestId.lastIndexOf('-');
        PhaseRecorder phase = dash < 0 ? null : phases.get(requestId.substring(0, dash + 1));
        if (phase == null) {
            foreignResults.incrementAndGet();
            return;
        }
        int index;
        try {
            index = Integer.parseInt(requestId.substring(dash + 1));
        } catch (NumberFormatException e) {
            foreignResults.incrementAndGet();
            return;
        }
        Header ceId = record.headers().lastHeader(EnvelopeHeaders.ID);
        phase.consumed(index, now, ceId == null ? null : new String(ceId.value(), StandardCharsets.UTF_8), result,
                record.serializedValueSize(), decidedEpochMicros(record), record.timestamp());
    }

    /** The result's {@code ce_time} in epoch microseconds, 0 when it has none (the Kafka echo's results). */
    private static long decidedEpochMicros(ConsumerRecord<byte[], byte[]> record) {
        java.time.Instant at = Envelope.timeOf(record.headers());
        return at == null ? 0 : at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
