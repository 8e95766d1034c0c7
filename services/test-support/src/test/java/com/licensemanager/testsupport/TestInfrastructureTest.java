package com.licensemanager.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    private static TestInfrastructure infrastructure;

    @BeforeAll
    static void startInfrastructure() {
        infrastructure = TestInfrastructure.get();
    }

    @Test
    void isOneInstancePerJvm() {
        assertThat(TestInfrastructure.get()).isSameAs(infrastructure);
    }

    @Test
    void springPropertiesPointAtTheEndpoints() {
        assertThat(infrastructure.springProperties())
                .containsEntry("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers())
                .containsEntry("spring.datasource.url", infrastructure.jdbcUrl())
                .containsEntry("spring.datasource.username", infrastructure.jdbcUsername())
                .containsEntry("spring.datasource.password", infrastructure.jdbcPassword())
                .containsEntry("licensing.schema-registry.url", infrastructure.schemaRegistryUrl());
        assertThat(infrastructure.schemaRegistryUrl()).startsWith("http://").doesNotContain("/apis");
        assertThat(infrastructure.schemaRegistryApiUrl()).isEqualTo(infrastructure.schemaRegistryUrl() + "/apis/registry/v3");
        assertThat(infrastructure.schemaRegistryCcompatUrl()).isEqualTo(infrastructure.schemaRegistryUrl() + "/apis/ccompat/v7");
    }

    @Test
    void kafkaCreatesTopicsOnRequestOnlyAndCarriesRecords() throws Exception {
        String topic = "local-stack-test.smoke-" + UUID.randomUUID() + ".v1";
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            String brokerId = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokerId);
            Config brokerConfig = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            assertThat(brokerConfig.get("auto.create.topics.enable").value()).isEqualTo("false");

            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }

        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(topic, "00-90-33-00-00-01", "hello")).get();
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("00-90-33-00-00-01");
                assertThat(record.value()).isEqualTo("hello");
                assertThat(new TopicPartition(record.topic(), record.partition()))
                        .isEqualTo(new TopicPartition(sent.topic(), sent.partition()));
                assertThat(record.offset()).isEqualTo(sent.offset());
            });
        }
    }

    @Test
    void postgresKeepsDataAcrossStopAndStart() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            statement.execute("create table if not exists restart_probe (id text primary key)");
            statement.execute("insert into restart_probe (id) values ('survives-restart') on conflict do nothing");
        }

        PostgresControl postgres = infrastructure.assumePostgresControl();
        postgres.stop();
        try {
            assertThat(postgres.isRunning()).isFalse();
            assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
        }
        finally {
            postgres.start();
        }
        assertThat(postgres.isRunning()).isTrue();

        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select id from restart_probe")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("survives-restart");
        }
    }

    @Test
    void createsADatabasePerCaller() throws Exception {
        String url = infrastructure.createDatabase("test_support_own_db");
        assertThat(url).endsWith("/test_support_own_db");
        assertThat(infrastructure.createDatabase("test_support_own_db")).isEqualTo(url);
        try (Connection connection = DriverManager.getConnection(url, infrastructure.jdbcUsername(),
                infrastructure.jdbcPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("create table owned (id int)");
            try (ResultSet rs = statement.executeQuery("select current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("test_support_own_db");
            }
        }
    }

    @Test
    void schemaRegistryServesItsOwnAndTheConfluentCompatibleApi() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> info = client.send(
                    HttpRequest.newBuilder(URI.create(infrastructure.schemaRegistryApiUrl() + "/system/info")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).contains("\"version\"");

            HttpResponse<String> subjects = client.send(
                    HttpRequest.newBuilder(URI.create(infrastructure.schemaRegistryCcompatUrl() + "/subjects")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);
            assertThat(subjects.body()).startsWith("[");
        }
    }

    @Test
    void replacesTheDatabaseOfAJdbcUrl() {
        assertThat(TestInfrastructure.withDatabase("jdbc:postgresql://127.0.0.1:5432/licensing", "other"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/other");
        assertThat(TestInfrastructure.withDatabase("jdbc:postgresql://db:5432/test?loggerLevel=OFF", "other"))
                .isEqualTo("jdbc:postgresql://db:5432/other?loggerLevel=OFF");
    }

    @Test
    void takesEndpointsFromTheEnvironmentWithoutStartingAnything() {
        Map<String, String> environment = Map.of(
                TestInfrastructure.KAFKA_ENV, "kafka.example:9092",
                TestInfrastructure.JDBC_URL_ENV, "jdbc:postgresql://db.example:5432/licensing",
                TestInfrastructure.REGISTRY_URL_ENV, "http://registry.example:8080/apis/registry/v3");
        TestInfrastructure fromEnvironment = TestInfrastructure.start(environment::get);

        assertThat(fromEnvironment.kafkaSource()).isEqualTo(ComponentSource.ENVIRONMENT);
        assertThat(fromEnvironment.postgresSource()).isEqualTo(ComponentSource.ENVIRONMENT);
        assertThat(fromEnvironment.schemaRegistrySource()).isEqualTo(ComponentSource.ENVIRONMENT);
        assertThat(fromEnvironment.postgresControl()).isEmpty();
        assertThat(fromEnvironment.springProperties())
                .containsEntry("spring.kafka.bootstrap-servers", "kafka.example:9092")
                .containsEntry("spring.datasource.url", "jdbc:postgresql://db.example:5432/licensing")
                .containsEntry("spring.datasource.username", "licensing")
                .containsEntry("spring.datasource.password", "licensing")
                .containsEntry("licensing.schema-registry.url", "http://registry.example:8080");
    }

    @Test
    void acceptsARegistryApiUrlWhereTheBaseUrlIsExpected() {
        assertThat(TestInfrastructure.registryBaseUrl("http://registry:8080/")).isEqualTo("http://registry:8080");
        assertThat(TestInfrastructure.registryBaseUrl("http://registry:8080/apis/registry/v3"))
                .isEqualTo("http://registry:8080");
        assertThat(TestInfrastructure.registryBaseUrl("http://registry:8080/apis/ccompat/v7/"))
                .isEqualTo("http://registry:8080");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.jdbcUsername(),
                infrastructure.jdbcPassword());
    }
}
