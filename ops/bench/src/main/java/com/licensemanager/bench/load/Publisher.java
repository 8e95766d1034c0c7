package com.licensemanager.bench.load;

import com.licensemanager.bench.measure.PhaseRecorder;
import com.licensemanager.harness.AvroProducer;
import com.licensemanager.platform.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays the portal, the ordering system and the warehouse: publishes Avro values through the registry (Confluent
 * wire format, the Apicurio serde as the services use it) with the envelope headers every producer sends.
 * Requests are published either as fast as the producer takes them, or open-loop at a fixed rate: request
 * {@code i} is due at {@code start + i / rate} whatever happened to the earlier ones, and its latency is counted
 * from when it was due (so a publisher that falls behind cannot hide latency).
 */
public final class Publisher implements AutoCloseable {

    public static final String SOURCE = "license-manager-bench";

    private final AvroProducer producer;

    public Publisher(String bootstrapServers, String registryApiUrl, int lingerMs) {
        producer = new AvroProducer(bootstrapServers, registryApiUrl, "bench-publisher-linger-" + lingerMs, SOURCE,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                        ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                        ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024));
    }

    /** Publishes one value with a fresh message id. */
    public void send(String topic, String key, SpecificRecord value) {
        producer.send(topic, key, value);
    }

    /** Every request of the phase, as fast as possible. */
    public void publishAsFastAsPossible(PhaseRecorder phase) {
        for (PlannedRequest planned : phase.plan()) {
            long now = System.nanoTime();
            phase.published(planned.index(), now, now);
            send(Topics.LICENSE_REQUESTS, planned.account(), planned.request());
        }
        flush();
    }

    /** Open loop at {@code perSecond}: request {@code i} is due {@code i / perSecond} after the start. */
    public void publishAtRate(PhaseRecorder phase, double perSecond) {
        double interval = 1e9 / perSecond;
        long start = System.nanoTime() + 20_000_000L;
        for (PlannedRequest planned : phase.plan()) {
            long due = start + (long) (planned.index() * interval);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            phase.published(planned.index(), due, now);
            send(Topics.LICENSE_REQUESTS, planned.account(), planned.request());
        }
        flush();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
