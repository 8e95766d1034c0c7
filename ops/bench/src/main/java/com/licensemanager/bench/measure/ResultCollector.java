package com.licensemanager.bench.measure;

import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.LicenseResult;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the portal (and certificate printing): reads every result on {@code licensing.license-results.v1} and every
 * issued key on {@code licensing.activation-keys.v1}, from the beginning, on one thread. Each result is stamped with
 * {@link System#nanoTime()} when its poll returned and handed to the phase its request id belongs to.
 */
public final class ResultCollector implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final Map<String, PhaseRecorder> phases = new ConcurrentHashMap<>();
    private final Map<String, String> keysByOrder = new ConcurrentHashMap<>();
    private final AtomicLong foreignResults = new AtomicLong();
    private final AtomicLong resultsSeen = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public ResultCollector(String bootstrapServers, String registryApiUrl) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-result-collector",
                "apicurio.registry.url", registryApiUrl,
                "apicurio.registry.use-specific-avro-reader", true));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.LICENSE_RESULTS, Topics.ACTIVATION_KEYS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().name("bench-result-collector").daemon().start(this::consume);
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
                ConsumerRecords<String, Object> records = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<String, Object> record : records) {
                    switch (record.value()) {
                        case LicenseResult result -> onResult(now, record, result);
                        case ActivationKeyIssued key -> keysByOrder.put(key.getOrderNumber(), key.getActivationKey());
                        case null, default -> {
                            // not ours to read
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void onResult(long now, ConsumerRecord<String, Object> record, LicenseResult result) {
        resultsSeen.incrementAndGet();
        String requestId = result.getRequestId();
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
        phase.consumed(index, now, ceId == null ? null : new String(ceId.value(), StandardCharsets.UTF_8), result);
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
