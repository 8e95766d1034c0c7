package com.licensemanager.requests;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 16 item 6: every dead-letter topic is declared with its own retention, longer than the broker's week. */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class DeadLetterRetentionIntegrationTest {

    @Test
    void everyDeadLetterTopicKeepsItsRecordsThirtyDays() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()))) {
            List<ConfigResource> deadLetterTopics = Topics.INBOUND.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter(topic))).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(deadLetterTopics).all().get();

            assertThat(configs).hasSize(Topics.INBOUND.size());
            configs.forEach((topic, config) -> assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .as("retention of %s", topic.name()).isEqualTo(String.valueOf(Duration.ofDays(30).toMillis())));
        }
    }
}
