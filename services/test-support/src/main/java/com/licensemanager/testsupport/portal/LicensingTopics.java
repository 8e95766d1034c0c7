package com.licensemanager.testsupport.portal;

import com.licensemanager.platform.messaging.EnvelopeHeaders;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.BalanceLine;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.testsupport.TestInfrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the service's output topics from their beginning, once per test JVM, in one background thread, and keeps
 * what the tests ask about in memory: every {@link LicenseResult} by request id (with its {@code ce_id}), the latest
 * {@link BalanceState} per owner and {@link UnitState} per MAC (highest version), how many of each were published,
 * and every {@link ActivationKeyIssued} by order number.
 *
 * <p>Each {@link BalanceState} is checked as it arrives: every line must satisfy
 * {@code available == uploaded - used - transferred} and have no negative figure. Violations are kept per owner, so
 * a test can assert that no state of the balances it used was ever inconsistent, without keeping every state.
 *
 * <p>Reading whole topics on every poll gets slow once the random model test has put 100,000 results on the results
 * topic, hence this incremental reader.
 */
public final class LicensingTopics {

    /** A consumed record's value with the headers and coordinates the tests look at. */
    public record Received<T>(T value, String key, String eventId, int partition, long offset) {
    }

    private static volatile LicensingTopics instance;

    private final Map<String, List<Received<LicenseResult>>> resultsByRequestId = new ConcurrentHashMap<>();
    private final AtomicLong resultCount = new AtomicLong();
    private final Map<String, Received<BalanceState>> latestBalance = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> balanceStateCount = new ConcurrentHashMap<>();
    private final Map<String, List<String>> balanceViolations = new ConcurrentHashMap<>();
    private final List<String> allBalanceViolations = new CopyOnWriteArrayList<>();
    private final Map<String, Received<UnitState>> latestUnit = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> unitStateCount = new ConcurrentHashMap<>();
    private final Map<String, ActivationKeyIssued> keysByOrder = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    public static LicensingTopics get() {
        if (instance == null) {
            synchronized (LicensingTopics.class) {
                if (instance == null) {
                    LicensingTopics topics = new LicensingTopics();
                    topics.start();
                    instance = topics;
                }
            }
        }
        return instance;
    }

    private LicensingTopics() {
    }

    private void start() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                "apicurio.registry.url", infrastructure.schemaRegistryUrl() + "/apis/registry/v3",
                "apicurio.registry.use-specific-avro-reader", true));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.LICENSE_RESULTS, Topics.BALANCES, Topics.UNITS, Topics.ACTIVATION_KEYS)) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(50))) {
                        try {
                            accept(record);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // JVM shutting down
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "licensing-topics-tail");
        thread.setDaemon(true);
        thread.start();
    }

    private void accept(ConsumerRecord<String, Object> record) {
        String eventId = header(record, EnvelopeHeaders.ID);
        switch (record.value()) {
            case LicenseResult result -> {
                resultsByRequestId.computeIfAbsent(result.getRequestId(), id -> new CopyOnWriteArrayList<>())
                        .add(new Received<>(result, record.key(), eventId, record.partition(), record.offset()));
                resultCount.incrementAndGet();
            }
            case BalanceState state -> {
                checkBalance(state);
                balanceStateCount.computeIfAbsent(state.getOwner(), o -> new AtomicLong()).incrementAndGet();
                latestBalance.merge(state.getOwner(),
                        new Received<>(state, record.key(), eventId, record.partition(), record.offset()),
                        (old, neu) -> neu.value().getVersion() >= old.value().getVersion() ? neu : old);
            }
            case UnitState state -> {
                unitStateCount.computeIfAbsent(state.getMac(), o -> new AtomicLong()).incrementAndGet();
                latestUnit.merge(state.getMac(),
                        new Received<>(state, record.key(), eventId, record.partition(), record.offset()),
                        (old, neu) -> neu.value().getVersion() >= old.value().getVersion() ? neu : old);
            }
            case ActivationKeyIssued issued -> keysByOrder.put(issued.getOrderNumber(), issued);
            case null -> failures.add(new IllegalStateException("null value on " + record.topic() + " at "
                    + record.partition() + "/" + record.offset()));
            default -> {
                // another record type on these topics: not ours to check
            }
        }
    }

    private void checkBalance(BalanceState state) {
        for (BalanceLine line : state.getLines()) {
            boolean adds = line.getAvailable() == line.getUploaded() - line.getUsed() - line.getTransferred();
            boolean nonNegative = line.getAvailable() >= 0 && line.getUploaded() >= 0 && line.getUsed() >= 0
                    && line.getTransferred() >= 0;
            if (!adds || !nonNegative) {
                String violation = "BalanceState of " + state.getOwner() + " version " + state.getVersion() + ": "
                        + line;
                balanceViolations.computeIfAbsent(state.getOwner(), o -> new CopyOnWriteArrayList<>()).add(violation);
                allBalanceViolations.add(violation);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void rethrowFailures() {
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("reading the output topics failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Every result published for the request id so far (several when the request was re-sent). */
    public List<Received<LicenseResult>> results(String requestId) {
        rethrowFailures();
        return List.copyOf(resultsByRequestId.getOrDefault(requestId, List.of()));
    }

    /** Every request id a result was published for so far. */
    public java.util.Set<String> requestIds() {
        rethrowFailures();
        return java.util.Set.copyOf(resultsByRequestId.keySet());
    }

    public long resultCount() {
        rethrowFailures();
        return resultCount.get();
    }

    public Received<BalanceState> latestBalance(String owner) {
        rethrowFailures();
        return latestBalance.get(owner);
    }

    public long balanceStateCount(String owner) {
        AtomicLong count = balanceStateCount.get(owner);
        return count == null ? 0 : count.get();
    }

    /** Lines of published balance states of {@code owner} that did not add up or were negative. */
    public List<String> balanceViolations(String owner) {
        return List.copyOf(balanceViolations.getOrDefault(owner, List.of()));
    }

    /** Such lines of any owner. */
    public List<String> allBalanceViolations() {
        return List.copyOf(allBalanceViolations);
    }

    public Received<UnitState> latestUnit(String mac) {
        rethrowFailures();
        return latestUnit.get(mac);
    }

    public long unitStateCount(String mac) {
        AtomicLong count = unitStateCount.get(mac);
        return count == null ? 0 : count.get();
    }

    public ActivationKeyIssued keyOfOrder(String orderNumber) {
        rethrowFailures();
        return keysByOrder.get(orderNumber);
    }
}
