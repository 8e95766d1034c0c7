package com.licensemanager.app.cli;

import com.licensemanager.app.LicenseManagerApplication;
import com.licensemanager.licensing.file.SigningKeys;
import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.BalanceState;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.TestInfrastructure;
import com.licensemanager.testsupport.portal.LicensingPortal;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.licensemanager.platform.db.Tables.ACCOUNT;
import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator CLI against the running system (the whole service on a real broker, registry and PostgreSQL): each
 * command as an operator types it, its output and exit status.
 */
@SpringBootTest(classes = LicenseManagerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCliIntegrationTest {

    /** The service's signing key in this test: a file it signs must verify with it, and with nothing else. */
    private static final KeyPair SIGNING = SigningKeys.generate();

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("licensing.signing.private-key", () -> SigningKeys.toPem(SIGNING.getPrivate()));
        registry.add("licensing.signing.public-key", () -> SigningKeys.toPem(SIGNING.getPublic()));
    }

    @Autowired
    DSLContext db;

    LicensingPortal portal;
    String account;
    String mac;
    UnitState publishedUnit;
    BalanceState publishedBalance;

    @BeforeAll
    void aCustomerLicensesAUnit() {
        portal = new LicensingPortal(db);
        account = portal.registerNewAccount();
        mac = portal.ship("IP811");
        portal.redeem(account, portal.issueKey(line("Channels", 5)).getActivationKey());
        portal.assign(account, mac, line("Channels", 2));
        publishedUnit = portal.awaitUnit(mac, unit -> unit.getLicenseFile() != null);
        publishedBalance = portal.awaitBalance(account, balance -> LicensingPortal.figures(balance.getLines())
                .equals(Map.of("Channels", List.of(5, 2, 0, 3))));
    }

    @Test
    void unitShowsTheStateTheUnitsTopicCarries() {
        // as an operator types it, with colons
        Run run = cli("unit", mac.replace('-', ':'), database());

        assertThat(run.status).as(run.err).isEqualTo(OperatorCli.DONE);
        assertThat(run.out).contains("\"mac\": \"" + mac + "\"", "\"owner\": \"" + account + "\"",
                "\"version\": " + publishedUnit.getVersion() + ",", "{\"licenseCode\": \"Channels\", \"quantity\": 2}");
        assertThat(run.out).contains(publishedUnit.getLicenseFile().getContent().lines().findFirst().orElseThrow());
    }

    @Test
    void balanceShowsTheStateTheBalancesTopicCarries() {
        Run run = cli("balance", account, database());

        assertThat(run.status).as(run.err).isEqualTo(OperatorCli.DONE);
        assertThat(run.out).contains("\"owner\": \"" + account + "\"", "\"version\": " + publishedBalance.getVersion(),
                "\"uploaded\": 5", "\"used\": 2", "\"available\": 3");
    }

    @Test
    void lookupsChangeNothing() {
        cli("unit", mac, database());
        cli("balance", account, database());

        // a lookup that bumped a version would publish nothing, but the next state would skip a number
        assertThat(cli("unit", mac, database()).out).contains("\"version\": " + publishedUnit.getVersion() + ",");
        assertThat(cli("balance", account, database()).out).contains("\"version\": " + publishedBalance.getVersion() + ",");
    }

    @Test
    void unknownUnitsAndOwnersAreNotFound() {
        Run unit = cli("unit", "00:90:33:FF:FF:FE", database());
        assertThat(unit.status).isEqualTo(OperatorCli.NOT_FOUND_OR_INVALID);
        assertThat(unit.err).contains("no unit 00-90-33-FF-FF-FE");

        assertThat(cli("balance", "nobody-" + UUID.randomUUID(), database()).status)
                .isEqualTo(OperatorCli.NOT_FOUND_OR_INVALID);
        assertThat(cli("unit", "not-a-mac", database()).status).isEqualTo(OperatorCli.USAGE);
    }

    @Test
    void historyListsEveryChangeOfTheUnitAndTheBalanceOldestFirst() {
        Run unit = cli("history", "unit", mac.replace('-', ':'), database());

        assertThat(unit.status).as(unit.err).isEqualTo(OperatorCli.DONE);
        List<String> unitLines = unit.out.lines().toList();
        assertThat(unitLines).hasSize(2);
        // shipped by the warehouse (nobody's account), then licensed by the customer
        assertThat(unitLines.get(0)).contains("\"change\": \"SHIPPED\"", "\"account\": null", "\"ownerAfter\": null");
        assertThat(unitLines.get(1)).contains("\"change\": \"LICENSED\"", "\"account\": \"" + account + "\"",
                "\"ownerAfter\": \"" + account + "\"", "\"licenses\": [{\"licenseCode\": \"Channels\", \"quantity\": 2}]");

        Run balance = cli("history", "balance", account, database());
        assertThat(balance.status).as(balance.err).isEqualTo(OperatorCli.DONE);
        List<String> balanceLines = balance.out.lines().toList();
        assertThat(balanceLines).hasSize(2);
        assertThat(balanceLines.get(0)).contains("\"change\": \"KEY_REDEEMED\"",
                "{\"licenseCode\": \"Channels\", \"uploaded\": 5, \"used\": 0, \"transferred\": 0}");
        assertThat(balanceLines.get(1)).contains("\"change\": \"LICENSED\"", "\"related\": \"" + mac + "\"",
                "{\"licenseCode\": \"Channels\", \"uploaded\": 0, \"used\": 2, \"transferred\": 0}",
                "\"linesAfter\": [{\"licenseCode\": \"Channels\", \"uploaded\": 5, \"used\": 2, \"transferred\": 0, "
                        + "\"available\": 3}]");
    }

    @Test
    void historyOfWhatDoesNotExistIsNotFound() {
        Run unit = cli("history", "unit", "00:90:33:FF:FF:FD", database());
        assertThat(unit.status).isEqualTo(OperatorCli.NOT_FOUND_OR_INVALID);
        assertThat(unit.err).contains("no history of unit 00-90-33-FF-FF-FD");
        assertThat(cli("history", "balance", "nobody-" + UUID.randomUUID(), database()).status)
                .isEqualTo(OperatorCli.NOT_FOUND_OR_INVALID);
        assertThat(cli("history", "unit", "not-a-mac", database()).status).isEqualTo(OperatorCli.USAGE);
        assertThat(cli("history", database()).status).as("neither unit nor balance").isEqualTo(OperatorCli.USAGE);
    }

    @Test
    void verifyChecksTheIssuedFileWithTheKeysGivenByKeyId(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("unit.lic"), publishedUnit.getLicenseFile().getContent());
        Path current = Files.writeString(dir.resolve("current.pem"), SigningKeys.toPem(SIGNING.getPublic()));
        Path keys = Files.createDirectory(dir.resolve("keys"));
        Files.writeString(keys.resolve("next.pem"), SigningKeys.toPem(SigningKeys.generate().getPublic()));
        Path other = keys.resolve("next.pem");

        Run valid = cli("verify", file.toString(), "--key", current.toString());
        assertThat(valid.status).as(valid.out + valid.err).isEqualTo(OperatorCli.DONE);
        assertThat(valid.out).contains("VALID license file for " + mac, "key-id:   " + SigningKeys.keyId(SIGNING.getPublic()));

        // after a rotation the trusted set holds the new key and the old: the old file still verifies
        Files.copy(current, keys.resolve("previous.pem"));
        assertThat(cli("verify", file.toString(), "--key", keys.toString()).status).isEqualTo(OperatorCli.DONE);

        Run wrongKey = cli("verify", file.toString(), "--key", other.toString());
        assertThat(wrongKey.status).isEqualTo(OperatorCli.NOT_FOUND_OR_INVALID);
        assertThat(wrongKey.out).contains("INVALID", "WRONG_KEY");

        Path changed = Files.writeString(dir.resolve("changed.lic"),
                publishedUnit.getLicenseFile().getContent().replace("Channels", "Channelz"));
        Run tampered = cli("verify", changed.toString(), "--key", current.toString());
        assertThat(tampered.status).isEqualTo(OperatorCli.NOT_FOUND_OR_INVALID);
        assertThat(tampered.out).contains("INVALID");

        assertThat(cli("verify", file.toString()).status).as("no key given").isEqualTo(OperatorCli.USAGE);
    }

    @Test
    void redriveDryRunListsWithoutSendingAndTheRedrivenRecordIsHandledExactlyOnce() {
        // A request dead-lettered by a bug since fixed (as the error handler writes it: original key, value and
        // envelope headers, plus the kafka_dlt-* headers), next to garbage the consumer dead-lettered itself.
        String customer = LicensingPortal.newAccountId();
        String requestId = LicensingPortal.newRequestId();
        String messageId = UUID.randomUUID().toString();
        Instant failedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        deadLetter(customer, encode(new LicenseRequest(requestId, customer, failedAt,
                new RegisterAccount(LicensingPortal.emailOf(customer), "Redrive Ltd"))), messageId, failedAt);
        String garbageKey = "garbage-" + UUID.randomUUID();
        portal.kafka.publishRaw(Topics.LICENSE_REQUESTS, garbageKey, "not avro".getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID().toString());
        await().atMost(LicensingPortal.PATIENCE).until(() -> portal.kafka.readAllRaw(Topics.deadLetter(Topics.LICENSE_REQUESTS))
                .stream().anyMatch(r -> garbageKey.equals(r.key())));
        String group = "redrive-test-" + UUID.randomUUID();

        Run dryRun = cli("redrive", Topics.LICENSE_REQUESTS, "--dry-run", "--key", customer, "--group", group, kafka());
        assertThat(dryRun.status).as(dryRun.err).isEqualTo(OperatorCli.DONE);
        assertThat(dryRun.out).contains("would re-drive", "key=" + customer, "ce_id=" + messageId,
                "reason=java.lang.IllegalStateException: a bug, since fixed", "dry run: 1 dead letters");
        assertThat(cli("redrive", Topics.LICENSE_REQUESTS, "--dry-run", "--key", customer, "--group", group, kafka()).out)
                .as("a dry run moves nothing").contains("dry run: 1 dead letters");
        // the filters: time range and reason
        assertThat(cli("redrive", Topics.LICENSE_REQUESTS, "--dry-run", "--key", customer, "--group", group,
                "--from", failedAt.plusMillis(1).toString(), kafka()).out).contains("dry run: 0 dead letters");
        assertThat(cli("redrive", Topics.LICENSE_REQUESTS, "--dry-run", "--key", customer, "--group", group,
                "--from", failedAt.toString(), "--to", failedAt.plusMillis(1).toString(), kafka()).out)
                .contains("dry run: 1 dead letters");
        assertThat(cli("redrive", Topics.LICENSE_REQUESTS, "--dry-run", "--key", customer, "--key", garbageKey,
                "--group", group, "--reason", "since FIXED", kafka()).out).contains("dry run: 1 dead letters");
        Run garbage = cli("redrive", Topics.LICENSE_REQUESTS + "-dlt", "--dry-run", "--key", garbageKey,
                "--group", group, "--reason", "Deserializ", kafka());
        assertThat(garbage.out).as("the consumer's own dead letter, by the reason it gave").contains("key=" + garbageKey,
                "dry run: 1 dead letters");
        assertThat(portal.answers(requestId)).as("nothing sent by the dry runs").isEmpty();

        Run redrive = cli("redrive", Topics.LICENSE_REQUESTS, "--key", customer, "--group", group, kafka());
        assertThat(redrive.status).as(redrive.err).isEqualTo(OperatorCli.DONE);
        assertThat(redrive.out).contains("re-drove 1 dead letters", "ce_id=" + messageId);
        assertThat(portal.awaitAnswer(requestId).accepted()).isTrue();

        // the group has read it: the same command again sends nothing
        assertThat(cli("redrive", Topics.LICENSE_REQUESTS, "--key", customer, "--group", group, kafka()).out)
                .contains("re-drove 0 dead letters");
        // another group sends it once more, and the consumer's inbox knows its message id
        assertThat(cli("redrive", Topics.LICENSE_REQUESTS, "--key", customer, "--group", group + "-again", kafka()).out)
                .contains("re-drove 1 dead letters");
        String marker = portal.register(customer + "-marker");
        assertThat(marker).isNotNull();
        assertThat(portal.answers(requestId)).as("handled exactly once").hasSize(1);
        assertThat(db.fetchCount(ACCOUNT, ACCOUNT.ACCOUNT_ID.eq(customer))).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private record Run(int status, String out, String err) {
    }

    private static Run cli(Object... args) {
        List<String> arguments = new ArrayList<>();
        for (Object arg : args) {
            if (arg instanceof String[] more) {
                arguments.addAll(List.of(more));
            } else {
                arguments.add((String) arg);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = OperatorCli.run(arguments.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] database() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return new String[]{"--jdbc-url", infrastructure.jdbcUrl(), "--db-user", infrastructure.jdbcUsername(),
                "--db-password", infrastructure.jdbcPassword()};
    }

    private static String[] kafka() {
        return new String[]{"--bootstrap-servers", TestInfrastructure.get().kafkaBootstrapServers()};
    }

    private static byte[] encode(LicenseRequest request) {
        try (AvroKafkaSerializer<LicenseRequest> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(Map.of("apicurio.registry.url", TestInfrastructure.get().schemaRegistryApiUrl(),
                    "apicurio.registry.auto-register", true), false);
            return serializer.serialize(Topics.LICENSE_REQUESTS, request);
        }
    }

    private static void deadLetter(String key, byte[] value, String messageId, Instant timestamp) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.deadLetter(Topics.LICENSE_REQUESTS),
                    null, timestamp.toEpochMilli(), key, value);
            new Envelope(messageId, LicenseRequest.getClassSchema().getFullName(), "test", timestamp, messageId, null)
                    .writeTo(record.headers());
            record.headers().add("kafka_dlt-original-topic", Topics.LICENSE_REQUESTS.getBytes(StandardCharsets.UTF_8));
            record.headers().add("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
            record.headers().add("kafka_dlt-exception-message", "a bug, since fixed\nat ...".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
    }
}
