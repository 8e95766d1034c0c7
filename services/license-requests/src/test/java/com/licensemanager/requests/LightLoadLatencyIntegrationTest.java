package com.licensemanager.requests;

import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.DownloadLicenseFile;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.QuoteAssignment;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.portal.SetUnitDetails;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.testsupport.LicensingTestInfrastructureInitializer;
import com.licensemanager.testsupport.TestInfrastructure;
import com.licensemanager.testsupport.portal.LicensingPortal;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import static com.licensemanager.testsupport.portal.LicensingPortal.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13 item 3: a request that comes alone is answered without waiting for company. Single requests of the
 * benchmark's hot commands are sent one at a time at a low, fixed rate (open loop, like portal users who do not
 * wait for each other) through the real broker, registry, PostgreSQL and service; the time from the send to the
 * result's arrival is measured per request and its percentiles printed and checked.
 *
 * <p>10 requests a second by default ({@code -Dlicensing.latency.interval-ms=100}), about 1 % of what the service
 * answers at its maximum on a quiet machine. The default bounds (p50 ≤ 50 ms, p99 ≤ 1 s) hold on a shared, busy build
 * machine and still fail when a request waits for a poll or a timer instead of being passed on at once; the issue's
 * target at 10 % load on a quiet machine (p50 ≤ 15 ms, p99 ≤ 50 ms) is checked with
 * {@code -Dlicensing.latency.p50-ms=15 -Dlicensing.latency.p99-ms=50}. The driver's producer sends at once
 * ({@code linger.ms=0}): the portal's waiting is not the service's.
 */
@SpringBootTest(classes = LicenseRequestsTestApplication.class)
@ContextConfiguration(initializers = LicensingTestInfrastructureInitializer.class)
class LightLoadLatencyIntegrationTest {

    private static final int WARM_UP = 100;
    private static final int MEASURED = Integer.getInteger("licensing.latency.requests", 300);
    private static final Duration INTERVAL = Duration.ofMillis(Long.getLong("licensing.latency.interval-ms", 100));
    private static final long P50_MS = Long.getLong("licensing.latency.p50-ms", 50);
    private static final long P99_MS = Long.getLong("licensing.latency.p99-ms", 1000);

    @Autowired
    DSLContext db;

    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();

    @Test
    void aLoneRequestIsAnsweredWithinMillisecondsAtLightLoad() throws Exception {
        LicensingPortal portal = new LicensingPortal(db);
        String account = portal.registerNewAccount();
        ActivationKeyIssued key = portal.issueKey(line("Registrations", 100_000), line("PBX6#15", 2_000));
        portal.redeem(account, key.getScanPayload());
        List<String> macs = portal.ship("IP811", 400);

        Thread tail = Thread.ofPlatform().daemon().name("latency-results").start(this::tailResults);
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerConfig())) {
            List<LicenseRequest> requests = new ArrayList<>();
            for (int i = 0; i < WARM_UP + MEASURED; i++) {
                requests.add(request(i, account, macs.get(i % macs.size())));
            }
            long[] sentAt = new long[requests.size()];
            long next = System.nanoTime();
            for (int i = 0; i < requests.size(); i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                LicenseRequest request = requests.get(i);
                sentAt[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.LICENSE_REQUESTS, request.getActingAccount(), request));
                next += INTERVAL.toNanos();
            }
            await("every result").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> requests.stream().allMatch(r -> answeredAt.containsKey(r.getRequestId())));

            long[] micros = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                int index = WARM_UP + i;
                micros[i] = (answeredAt.get(requests.get(index).getRequestId()) - sentAt[index]) / 1_000;
            }
            Arrays.sort(micros);
            double p50 = percentile(micros, 0.50);
            double p90 = percentile(micros, 0.90);
            double p99 = percentile(micros, 0.99);
            System.out.printf("LIGHT-LOAD LATENCY request->result over %d requests, one every %d ms: "
                            + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", MEASURED, INTERVAL.toMillis(),
                    p50, p90, p99, micros[micros.length - 1] / 1000.0);
            assertThat(p50).as("p50 in ms").isLessThanOrEqualTo(P50_MS);
            assertThat(p99).as("p99 in ms").isLessThanOrEqualTo(P99_MS);
        } finally {
            tail.interrupt();
        }
    }

    /** The hot commands of the benchmark's mix, on units of one account, and a registration now and then. */
    private static LicenseRequest request(int i, String account, String mac) {
        Object command = switch (i % 6) {
            case 0, 1 -> new AssignLicenses(mac, null, List.of(line("Registrations", 1)), null, null, null, null);
            case 2 -> new QuoteAssignment(mac, null);
            case 3 -> new DownloadLicenseFile(mac);
            case 4 -> new SetUnitDetails(mac, "End customer " + i, null, null, null);
            default -> new RegisterAccount(LicensingPortal.emailOf("latency-" + i), "Company " + i);
        };
        String acting = i % 6 == 5 ? LicensingPortal.newAccountId() : account;
        return new LicenseRequest(UUID.randomUUID().toString(), acting, Instant.now(), command);
    }

    private void tailResults() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                "apicurio.registry.url", infrastructure.schemaRegistryUrl() + "/apis/registry/v3",
                "apicurio.registry.use-specific-avro-reader", true))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LICENSE_RESULTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (record.value() instanceof LicenseResult result) {
                        answeredAt.putIfAbsent(result.getRequestId(), now);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // the test is over
        }
    }

    private static Map<String, Object> producerConfig() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                "apicurio.registry.url", infrastructure.schemaRegistryUrl() + "/apis/registry/v3",
                "apicurio.registry.auto-register", true);
    }

    private static double percentile(long[] sortedMicros, double p) {
        int index = (int) Math.ceil(p * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, index)] / 1000.0;
    }
}
