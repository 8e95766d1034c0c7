package com.licensemanager.app.access;

import com.licensemanager.app.LicenseManagerApplication;
import com.licensemanager.app.Repository;
import com.licensemanager.localstack.SecuredKafkaBroker;
import com.licensemanager.platform.registry.ContractRegistration;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.KafkaTestClient;
import com.licensemanager.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The security of docker-compose.yml, for real: a broker started from its {@code server.properties} (SCRAM,
 * deny-by-default authorizer), users and ACLs created by {@link KafkaAccessSetup} from its {@code access.conf}, and
 * the service logging in with the very Kafka settings compose gives the license-requests container.
 */
@SpringBootTest(classes = LicenseManagerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = KafkaAccessIntegrationTest.SecuredDeployment.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaAccessIntegrationTest {

    private static final Path ROOT = Repository.root();
    private static final KafkaAccessPolicy POLICY = KafkaAccessPolicy.read(ROOT.resolve("ops/compose/kafka/access.conf"));
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static SecuredKafkaBroker broker;

    @LocalServerPort
    int port;

    /** Starts the broker and applies the policy before the service starts, as compose orders its containers. */
    static class SecuredDeployment implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            try {
                PASSWORDS.put("admin", "admin-" + UUID.randomUUID());
                POLICY.users().forEach(user -> PASSWORDS.put(user, user + "-" + UUID.randomUUID()));
                broker = SecuredKafkaBroker.launch(ROOT.resolve("ops/compose/kafka/server.properties"),
                        PASSWORDS.get("admin"));
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "scram-broker-close"));
                new KafkaAccessSetup(login("admin"), user -> Optional.ofNullable(PASSWORDS.get(user))).apply(POLICY);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the secured broker", e);
            }
            TestInfrastructure infrastructure = TestInfrastructure.get();
            // as compose's registry-contract step, before the service starts: run first in a JVM, nothing else
            // registered the contract and the relay could not resolve a schema (idempotent otherwise)
            new ContractRegistration(infrastructure.schemaRegistryCcompatUrl()).registerAll();
            var environment = context.getEnvironment().getPropertySources();
            // Boot maps SPRING_KAFKA_... names only for a source named like the system environment, as in a container
            environment.addFirst(new SystemEnvironmentPropertySource("license-requests-container-"
                    + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    kafkaEnvironmentOfComposeService("license-requests")));
            Map<String, Object> endpoints = new LinkedHashMap<>(infrastructure.springProperties());
            endpoints.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
            // its own database: another test context's outbox relay must not publish this one's events elsewhere
            endpoints.put("spring.datasource.url", infrastructure.createDatabase("kafka_access_it"));
            environment.addFirst(new MapPropertySource("test endpoints", endpoints));
        }
    }

    @Test
    void onlyThePortalWritesLicenseRequestsAndOnlyVendorStaffWritesAdminCommands() {
        for (String user : POLICY.users()) {
            assertThat(mayWrite(user, Topics.LICENSE_REQUESTS)).as("%s writes license requests", user)
                    .isEqualTo(user.equals("portal"));
            assertThat(mayWrite(user, Topics.ADMIN_COMMANDS)).as("%s writes admin commands", user)
                    .isEqualTo(user.equals("vendor-staff"));
        }
    }

    @Test
    void onlyTheServiceWritesMoveDeadlineRemindersAndThePortalsEmailServiceReadsThem() {
        for (String user : POLICY.users()) {
            assertThat(mayWrite(user, Topics.MOVE_DEADLINE_REMINDERS)).as("%s writes reminders", user)
                    .isEqualTo(user.equals("license-manager"));
        }
        assertThat(mayRead("portal", "portal.e-mail", Topics.MOVE_DEADLINE_REMINDERS)).isTrue();
        // Invoicing learns of a move when it is charged, not before; nobody else reads the partners' reminders.
        assertThat(mayRead("invoicing", "invoicing.reminders", Topics.MOVE_DEADLINE_REMINDERS)).isFalse();
    }

    @Test
    void onlyTheServiceWritesTheHistoryAndThePortalAndInvoicingReadIt() {
        for (String user : POLICY.users()) {
            assertThat(mayWrite(user, Topics.HISTORY)).as("%s writes history", user)
                    .isEqualTo(user.equals("license-manager"));
        }
        assertThat(mayRead("portal", "portal.timelines", Topics.HISTORY)).isTrue();
        assertThat(mayRead("invoicing", "invoicing.disputes", Topics.HISTORY)).isTrue();
        // The teams that only send (the warehouse, the repair desk) learn nothing of partners' balances from it.
        assertThat(mayRead("warehouse", "warehouse.history", Topics.HISTORY)).isFalse();
        assertThat(mayRead("repair-desk", "repair-desk.history", Topics.HISTORY)).isFalse();
    }

    @Test
    void theServiceAnswersThePortalUnderItsOwnLogin() {
        try (KafkaTestClient portal = new KafkaTestClient(login("portal"), TestInfrastructure.get().schemaRegistryUrl())) {
            String requestId = UUID.randomUUID().toString();
            String account = "acct-" + requestId.substring(0, 8);
            portal.publish(Topics.LICENSE_REQUESTS, account, new LicenseRequest(requestId, account, Instant.now(),
                    new RegisterAccount(account + "@example.com", "Secured Telecom")));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    portal.readAll(Topics.LICENSE_RESULTS).stream().map(record -> (LicenseResult) record.value())
                            .filter(result -> result.getRequestId().equals(requestId)))
                    .singleElement().satisfies(result -> assertThat(result.getAccepted()).isTrue()));
        }
    }

    @Test
    void anUndecodableRequestReachesItsDeadLetterTopicWithItsBytes() {
        byte[] garbage = ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String registry = TestInfrastructure.get().schemaRegistryUrl();
        try (KafkaTestClient portal = new KafkaTestClient(login("portal"), registry);
             KafkaTestClient admin = new KafkaTestClient(login("admin"), registry)) {
            portal.publishRaw(Topics.LICENSE_REQUESTS, "some-account", garbage);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    admin.readAllRaw(Topics.deadLetter(Topics.LICENSE_REQUESTS)))
                    .anySatisfy(record -> assertThat(record.value()).isEqualTo(garbage)));
        }
    }

    @Test
    void theConsoleReadsStateAndDeadLettersAndWritesNothing() {
        String registry = TestInfrastructure.get().schemaRegistryUrl();
        try (KafkaTestClient portal = new KafkaTestClient(login("portal"), registry);
             KafkaTestClient console = new KafkaTestClient(login("kafka-ui"), registry)) {
            String requestId = UUID.randomUUID().toString();
            String account = "acct-" + requestId.substring(0, 8);
            portal.publish(Topics.LICENSE_REQUESTS, account, new LicenseRequest(requestId, account, Instant.now(),
                    new RegisterAccount(account + "@example.com", "Console Telecom")));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(console.readAll(Topics.LICENSE_RESULTS))
                    .anySatisfy(record -> assertThat(((LicenseResult) record.value()).getRequestId()).isEqualTo(requestId)));
            assertThat(console.readAllRaw(Topics.deadLetter(Topics.LICENSE_REQUESTS))).as("reads dead letters").isNotNull();
        }
        for (String topic : java.util.stream.Stream.concat(Topics.INBOUND.stream(), Topics.OUTBOUND.stream()).toList()) {
            assertThat(mayWrite("kafka-ui", topic)).as("kafka-ui writes %s", topic).isFalse();
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> impostor = new HashMap<>(ScramClients.properties(broker.bootstrapServers(), "portal",
                "not-the-password"));
        try (Admin admin = Admin.create(impostor)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void healthSeesTheSecuredBroker() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.body()).contains("\"kafka\":{\"status\":\"UP\"");
    }

    /** Tries one send as the user: true if the broker accepted it, false if it refused it for lack of rights. */
    private static boolean mayWrite(String user, String topic) {
        Map<String, Object> config = new HashMap<>(login(user));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "probe", new byte[] {0})).get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (refusedForLackOfRights(e)) {
                return false;
            }
            throw new AssertionError(user + " could not write to " + topic + " for another reason", e);
        }
    }

    /**
     * However the client reports it: directly, in the send's future, or (a user without any write right is refused
     * its producer id, which is fatal) wrapped in the KafkaException of a send made after that, depending on timing.
     */
    private static boolean refusedForLackOfRights(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    /** Tries to read the topic as the user in the group: true if allowed, false if refused for lack of rights. */
    private static boolean mayRead(String user, String group, String topic) {
        Map<String, Object> config = new HashMap<>(login(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            // The group's committed offset (group and topic rights), then a fetch (the topic's READ).
            consumer.position(partition, Duration.ofSeconds(30));
            consumer.poll(Duration.ofSeconds(1));
            return true;
        } catch (AuthorizationException e) {
            return false;
        }
    }

    private static Map<String, Object> login(String user) {
        return ScramClients.properties(broker.bootstrapServers(), user, PASSWORDS.get(user));
    }

    /**
     * The Kafka variables compose gives a service container, with compose's {@code ${VARIABLE...}} substitutions
     * made from this test's passwords (as an operator's .env file would).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> kafkaEnvironmentOfComposeService(String service) {
        Map<String, Object> compose;
        try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                compose.get("services")).get(service)).get("environment");
        Map<String, Object> kafka = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("SPRING_KAFKA_")) {
                kafka.put(name, substitute(String.valueOf(value)));
            }
        });
        assertThat(kafka).as("compose gives %s its Kafka login", service)
                .containsKeys("SPRING_KAFKA_SECURITY_PROTOCOL", "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
        return kafka;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{KAFKA_PASSWORD_([A-Z_]+)(?::[?-][^}]*)?}");

    private static String substitute(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String user = matcher.group(1).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertThat(PASSWORDS).as("compose refers to a Kafka user of the policy").containsKey(user);
            matcher.appendReplacement(result, Matcher.quoteReplacement(PASSWORDS.get(user)));
        }
        matcher.appendTail(result);
        return result.toString();
    }

}
