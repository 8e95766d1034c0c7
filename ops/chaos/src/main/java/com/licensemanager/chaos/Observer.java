package com.licensemanager.chaos;

import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.MoveCharged;
import com.licensemanager.schemas.licensing.MoveDeadlineApproaching;
import com.licensemanager.schemas.licensing.RmaNotificationRejected;
import com.licensemanager.schemas.licensing.UnitState;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the portal, invoicing and the repair desk's inbox: reads every output topic of the service from the
 * beginning (results, unit and balance states, invoices, RMA rejections, issued keys, move-deadline reminders) and hands each event, with its
 * {@code ce_id}, to the {@link Tracker}; and reads every dead-letter topic as raw bytes. Two threads, each with its
 * own consumer (no group: assigned partitions), which ride out broker restarts like any client.
 */
final class Observer implements AutoCloseable {

    /** A record found on a dead-letter topic. */
    record DeadLetter(String topic, int partition, byte[] value) {
    }

    static final List<String> OUTPUTS = List.of(Topics.LICENSE_RESULTS, Topics.UNITS, Topics.BALANCES,
            Topics.INVOICING, Topics.RMA_REJECTIONS, Topics.ACTIVATION_KEYS, Topics.MOVE_DEADLINE_REMINDERS);

    private final Tracker tracker;
    private final KafkaConsumer<String, Object> events;
    private final KafkaConsumer<byte[], byte[]> deadLetters;
    private final Map<String, DeadLetter> deadLettersByKey = new ConcurrentHashMap<>();
    /** ce_id -> where and why, for dead letters that carry an envelope (valid records that should not be there) */
    private final Map<String, String> deadLettersByMessageId = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;

    Observer(Tracker tracker, String bootstrapServers, String registryApiUrl, List<String> deadLetterTopics) {
        this.tracker = tracker;
        events = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "chaos-observer",
                "apicurio.registry.url", registryApiUrl,
                "apicurio.registry.use-specific-avro-reader", true));
        deadLetters = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "chaos-dead-letters"));
        assignFromBeginning(events, OUTPUTS);
        assignFromBeginning(deadLetters, deadLetterTopics);
        threads.add(Thread.ofPlatform().name("chaos-observer").daemon().start(this::consumeEvents));
        threads.add(Thread.ofPlatform().name("chaos-dead-letters").daemon().start(this::consumeDeadLetters));
    }

    private static void assignFromBeginning(KafkaConsumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(60))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    String deadLetterOf(String messageId) {
        return deadLettersByMessageId.get(messageId);
    }

    DeadLetter deadLetter(String key) {
        return deadLettersByKey.get(key);
    }

    void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException("the observer failed", failure);
        }
    }

    private void consumeEvents() {
        try {
            while (running) {
                for (ConsumerRecord<String, Object> record : events.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader(EnvelopeHeaders.ID);
                    String ceId = header == null ? "none:" + record.topic() + "/" + record.partition() + "/"
                            + record.offset() : new String(header.value(), StandardCharsets.UTF_8);
                    switch (record.value()) {
                        case LicenseResult result -> tracker.onResult(ceId, result);
                        case UnitState state -> tracker.onUnitState(ceId, state);
                        case BalanceState state -> tracker.onBalanceState(ceId, state);
                        case MoveCharged charged -> tracker.onMoveCharged(ceId, charged);
                        case MoveDeadlineApproaching reminder -> tracker.reminders.onReminder(ceId, reminder);
                        case RmaNotificationRejected rejected -> tracker.onRmaRejected(ceId, rejected);
                        case ActivationKeyIssued key -> tracker.onKey(key.getOrderNumber(), key.getActivationKey());
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
            events.close(Duration.ofSeconds(5));
        }
    }

    private void consumeDeadLetters() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : deadLetters.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        deadLettersByKey.putIfAbsent(new String(record.key(), StandardCharsets.UTF_8),
                                new DeadLetter(record.topic(), record.partition(), record.value()));
                    }
                    Header ceId = record.headers().lastHeader(EnvelopeHeaders.ID);
                    if (ceId != null) {
                        Header why = record.headers().lastHeader("kafka_dlt-exception-message");
                        String reason = why == null ? "" : new String(why.value(), StandardCharsets.UTF_8);
                        deadLettersByMessageId.put(new String(ceId.value(), StandardCharsets.UTF_8), record.topic()
                                + "-" + record.partition() + ": " + reason.substring(0, Math.min(300, reason.length())));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable e) {
            failure = e;
        } finally {
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        events.wakeup();
        deadLetters.wakeup();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
