package com.licensemanager.localstack;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka 4.1 broker (KRaft, combined broker + controller, one node) running inside this JVM, on a random
 * loopback port, through spring-kafka-test's {@link EmbeddedKafkaKraftBroker}.
 *
 * <p>Topics are never auto-created and none are pre-created: the services declare theirs. Internal topics
 * (consumer offsets, transaction state) use replication factor 1.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    /**
     * EmbeddedKafkaKraftBroker publishes its address as a system property; we give it a name of our own so that
     * it does not set {@code spring.kafka.bootstrap-servers} JVM-wide behind everyone's back.
     */
    public static final String BROKER_LIST_SYSTEM_PROPERTY = "licensing.local-stack.kafka.bootstrap-servers";

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;
    private volatile boolean closed;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
        this.bootstrapServers = broker.getBrokersAsString();
    }

    /** Starts a broker with the default settings. */
    public static KafkaBroker launch() {
        return launch(Map.of());
    }

    /**
     * Starts a broker.
     *
     * @param extraBrokerProperties broker settings added to (or overriding) the defaults
     */
    public static KafkaBroker launch(Map<String, String> extraBrokerProperties) {
        long started = System.nanoTime();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("auto.create.topics.enable", "false");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("min.insync.replicas", "1");
        properties.put("default.replication.factor", "1");
        properties.put("num.partitions", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.putAll(extraBrokerProperties);

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(properties);
        broker.brokerListProperty(BROKER_LIST_SYSTEM_PROPERTY);
        try {
            broker.afterPropertiesSet();
        }
        catch (RuntimeException e) {
            try {
                broker.destroy();
            }
            catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
        KafkaBroker kafka = new KafkaBroker(broker);
        log.info("Kafka broker (in-process KRaft) ready at {} in {} ms", kafka.bootstrapServers,
                (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }

    /** Bootstrap servers for clients, e.g. {@code localhost:41234}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops the broker and deletes its log directories. Idempotent.
     *
     * <p>While the JVM is exiting this does nothing: the in-process broker ends with the JVM anyway, Kafka's test
     * kit deletes its directories in a shutdown hook of its own (stopping the broker at the same time only races
     * that hook and logs storage errors), and applications still closing in other shutdown hooks keep a working
     * broker until the end. That is also why there is no shutdown hook for the broker.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (LocalStackSupport.jvmShuttingDown()) {
            log.debug("JVM is exiting: the in-process Kafka broker at {} ends with it", bootstrapServers);
            return;
        }
        try {
            broker.destroy();
            log.info("Kafka broker at {} stopped", bootstrapServers);
        }
        catch (RuntimeException e) {
            log.warn("Stopping the Kafka broker at {} failed", bootstrapServers, e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers + "]";
    }
}
