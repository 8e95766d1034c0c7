package com.licensemanager.platform.kafka;

import com.licensemanager.platform.failures.InfrastructureUnavailableException;
import com.licensemanager.platform.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.transaction.TransactionSystemException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one error policy, driven as the listener container drives it: a batch listener's failure handed to the error
 * handler with Kafka's consumer double, dead letters caught by Kafka's producer double. What is decided: retry,
 * rewind, dead-letter, and where the dead letter goes.
 */
class KafkaErrorHandlingTest {

    private static final String TOPIC = Topics.RMA_NOTIFICATIONS;
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 2);
    private static final int ATTEMPTS_BEFORE_DEAD_LETTER = 3;

    private final DeadLetters deadLetters = new DeadLetters();
    private final DeliveryFailures failures = new DeliveryFailures();
    /** What the recoverer handed on to be answered, after it published the dead letter. */
    private final List<ConsumerRecord<?, ?>> deadLettered = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");
    private DefaultErrorHandler errorHandler;

    @BeforeEach
    void consumerOnOnePartition() {
        errorHandler = KafkaErrorHandling.errorHandler(new KafkaTemplate<>(new MockProducerFactory<>(() -> deadLetters)),
                ATTEMPTS_BEFORE_DEAD_LETTER, Duration.ofMillis(1), failures, deadLettered::add);
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        // The recoverer asks the consumer whether the dead-letter partition exists before it picks it.
        String deadLetterTopic = TOPIC + KafkaErrorHandling.DEAD_LETTER_SUFFIX;
        Node broker = new Node(0, "localhost", 9092);
        consumer.updatePartitions(deadLetterTopic, IntStream.range(0, 3).mapToObj(partition ->
                new PartitionInfo(deadLetterTopic, partition, broker, new Node[] {broker}, new Node[] {broker}))
                .toList());
    }

    @Test
    void aNotificationThatKeepsFailingIsDeadLetteredAfterItsAttemptsOnTheSamePartitionNumber() {
        List<ConsumerRecord<String, Object>> batch = List.of(notification(10), notification(11), notification(12));
        RuntimeException ownFailure = new IllegalArgumentException("notification names no unit");

        fail(batch, new BatchListenerFailedException("record failed", ownFailure, 1));

        // The records before the culprit are done; the partition is rewound to the culprit for its next attempt.
        assertThat(consumer.position(PARTITION)).isEqualTo(11);
        assertThat(deadLetters.history()).isEmpty();

        List<ConsumerRecord<String, Object>> redelivered = batch.subList(1, 3);
        for (int attempt = 2; attempt <= ATTEMPTS_BEFORE_DEAD_LETTER; attempt++) {
            fail(redelivered, new BatchListenerFailedException("record failed", ownFailure, 0));
        }

        assertThat(deadLetters.history()).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.topic()).isEqualTo(TOPIC + KafkaErrorHandling.DEAD_LETTER_SUFFIX);
            assertThat(deadLetter.partition()).isEqualTo(PARTITION.partition());
            assertThat(deadLetter.value()).isEqualTo(batch.get(1).value());
        });
        // The partition moves on past the dead letter.
        assertThat(consumer.position(PARTITION)).isEqualTo(12);
        assertThat(failures.recordFailures()).isEqualTo(ATTEMPTS_BEFORE_DEAD_LETTER);
        assertThat(failures.deadLettered()).isEqualTo(1);
        // Handed on to be answered (DeadLetterAnswers), once, and only now that it is on its dead-letter topic.
        assertThat(deadLettered).singleElement().isSameAs(batch.get(1));
    }

    @Test
    void anUndecodableNotificationIsDeadLetteredAtOnce() {
        List<ConsumerRecord<String, Object>> batch = List.of(notification(10), notification(11));

        fail(batch, new BatchListenerFailedException("undecodable record",
                new UndecodableMessageException("record of type java.lang.String"), 0));

        assertThat(deadLetters.history()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.value()).isEqualTo(batch.getFirst().value()));
        assertThat(consumer.position(PARTITION)).isEqualTo(11);
    }

    static Stream<RuntimeException> infrastructureAway() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        return Stream.of(
                new DataAccessResourceFailureException("database away", new ConnectException("Connection refused")),
                rollbackFailed,
                new InfrastructureUnavailableException("schema registry unavailable while decoding",
                        new ConnectException("Connection refused")));
    }

    @ParameterizedTest
    @MethodSource("infrastructureAway")
    void aBatchThatFailedForWantOfInfrastructureIsRetriedPastTheAttemptsAndNeverDeadLettered(RuntimeException away) {
        List<ConsumerRecord<String, Object>> batch = List.of(notification(10), notification(11));

        IntStream.rangeClosed(1, ATTEMPTS_BEFORE_DEAD_LETTER + 2).forEach(attempt ->
                fail(batch, new BatchListenerFailedException("transient failure, batch will be retried", away, 0)));

        assertThat(deadLetters.history()).isEmpty();
        assertThat(deadLettered).as("nothing to answer: the record was not given up").isEmpty();
        assertThat(consumer.position(PARTITION)).isEqualTo(10);
        assertThat(failures.transientFailures()).isEqualTo(ATTEMPTS_BEFORE_DEAD_LETTER + 2);
        assertThat(failures.deadLettered()).isZero();
    }

    /**
     * Issue 16, found by the chaos run's registry outage: a bad record first seen while the registry was away is
     * retried as an outage, but once the registry answers that it is undecodable it goes to its dead-letter topic,
     * rather than holding its partition for ever.
     */
    @Test
    void aRecordFirstSeenDuringAnOutageIsDeadLetteredOnceItIsKnownToBeUndecodable() {
        List<ConsumerRecord<String, Object>> batch = List.of(notification(10), notification(11));
        RuntimeException registryAway = new InfrastructureUnavailableException("schema registry unavailable while "
                + "decoding", new ConnectException("Connection refused"));
        IntStream.rangeClosed(1, ATTEMPTS_BEFORE_DEAD_LETTER + 2).forEach(attempt ->
                fail(batch, new BatchListenerFailedException("undecodable record", registryAway, 0)));
        assertThat(deadLetters.history()).isEmpty();

        fail(batch, new BatchListenerFailedException("undecodable record",
                new UndecodableMessageException("record of type UnitShipped where RmaNotification was expected"), 0));

        assertThat(deadLetters.history()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.value()).isEqualTo(batch.getFirst().value()));
        assertThat(consumer.position(PARTITION)).isEqualTo(11);
        assertThat(deadLettered).singleElement().isSameAs(batch.getFirst());
    }

    /** The other way round: an outage between a record's own failures uses up none of its attempts. */
    @Test
    void aRecordThatFailsForItsOwnSakeKeepsItsAttemptsThroughAnOutage() {
        List<ConsumerRecord<String, Object>> batch = List.of(notification(10), notification(11));
        RuntimeException ownFailure = new IllegalArgumentException("notification names no unit");
        RuntimeException databaseAway = new DataAccessResourceFailureException("database away",
                new ConnectException("Connection refused"));

        fail(batch, new BatchListenerFailedException("record failed", ownFailure, 0));
        IntStream.rangeClosed(1, ATTEMPTS_BEFORE_DEAD_LETTER + 2).forEach(attempt ->
                fail(batch, new BatchListenerFailedException("transient failure, batch will be retried", databaseAway,
                        0)));
        for (int attempt = 2; attempt < ATTEMPTS_BEFORE_DEAD_LETTER; attempt++) {
            fail(batch, new BatchListenerFailedException("record failed", ownFailure, 0));
        }
        assertThat(deadLetters.history()).as("one attempt of its own left").isEmpty();

        fail(batch, new BatchListenerFailedException("record failed", ownFailure, 0));

        assertThat(deadLetters.history()).singleElement()
                .satisfies(deadLetter -> assertThat(deadLetter.value()).isEqualTo(batch.getFirst().value()));
        assertThat(consumer.position(PARTITION)).isEqualTo(11);
    }

    /**
     * Hands the listener's failure to the error handler, as the container does after a failed poll. Having rewound the
     * partition, the handler throws to tell the container that this poll's records are not done; that signal is the
     * container's, so it is caught here, and the tests look at what was decided: position and dead letters.
     */
    private void fail(List<ConsumerRecord<String, Object>> batch, BatchListenerFailedException failure) {
        try {
            errorHandler.handleBatch(failure, new ConsumerRecords<>(Map.of(PARTITION, batch), Map.of()), consumer,
                    new StoppingContainer(), () -> { });
        } catch (NestedRuntimeException batchNotDone) {
            // expected whenever records remain to be redelivered
        }
    }

    private static ConsumerRecord<String, Object> notification(long offset) {
        return new ConsumerRecord<>(TOPIC, PARTITION.partition(), offset, "00-90-33-00-00-01",
                "notification at " + offset);
    }

    /** Kafka's producer double, keeping what the recoverer publishes. */
    private static final class DeadLetters extends MockProducer<Object, Object> {

        DeadLetters() {
            super(true, null, nothing(), nothing());
        }

        private static Serializer<Object> nothing() {
            return (topic, data) -> new byte[0];
        }

        /** The template closes its producer after every send; the real factory's producers survive that too. */
        @Override
        public void close(Duration timeout) {
        }
    }

    /**
     * The listener container as the error handler sees it. Reported as stopping, so the back-off sleeps between
     * attempts end at once: the sleep is the container's business, the retry decision is what is tested here.
     */
    private static final class StoppingContainer implements MessageListenerContainer {

        private final ContainerProperties properties = new ContainerProperties(TOPIC);

        @Override
        public ContainerProperties getContainerProperties() {
            return properties;
        }

        @Override
        public void setupMessageListener(Object messageListener) {
        }

        @Override
        public Map<String, Map<MetricName, ? extends Metric>> metrics() {
            return Map.of();
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}
