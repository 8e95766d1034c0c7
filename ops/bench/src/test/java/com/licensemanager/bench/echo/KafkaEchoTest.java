package com.licensemanager.bench.echo;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The echo is the transport's floor only while its producer sends as the service's outbox relay does. */
class KafkaEchoTest {

    @Test
    void theEchoProducesAsTheOutboxRelayDoes() {
        Map<String, Object> config = KafkaEcho.producerConfig("localhost:9092");

        // PlatformAutoConfiguration#outboxRelay: acks=all, idempotent, "No lingering"
        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0);
        // the relay leaves batching, compression and in-flight requests at Kafka's defaults
        assertThat(config).doesNotContainKeys(ProducerConfig.BATCH_SIZE_CONFIG, ProducerConfig.COMPRESSION_TYPE_CONFIG,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    }
}
