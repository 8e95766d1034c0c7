package com.licensemanager.app;

import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.LicensesAssigned;
import com.licensemanager.schemas.portal.AssignLicenses;
import com.licensemanager.schemas.portal.LicenseRequest;
import com.licensemanager.schemas.portal.RedeemActivationKey;
import com.licensemanager.schemas.portal.RegisterAccount;
import com.licensemanager.schemas.warehouse.UnitShipped;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays the warehouse and a customer in the portal: ships a unit, registers an account, redeems the demo's
 * activation key and assigns its licenses to the unit, then prints the signed license file.
 */
final class DemoLicensing implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final KafkaProducer<String, Object> producer;
    private final KafkaConsumer<String, Object> results;
    private final PrintStream out;

    DemoLicensing(String bootstrapServers, String registryBaseUrl, PrintStream out) {
        String registry = registryBaseUrl + "/apis/registry/v3";
        this.out = out;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                "apicurio.registry.url", registry,
                "apicurio.registry.auto-register", true));
        this.results = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "demo-portal-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                "apicurio.registry.url", registry,
                "apicurio.registry.use-specific-avro-reader", true));
        results.subscribe(List.of(Topics.LICENSE_RESULTS));
    }

    void licenseAUnit(String activationKey, List<LicenseLine> licenses) throws Exception {
        String mac = "00-90-33-" + String.format("%02X-%02X-%02X", (int) (Math.random() * 256),
                (int) (Math.random() * 256), (int) (Math.random() * 256));
        send(Topics.UNITS_SHIPPED, mac, new UnitShipped(mac, "IP811", "DEMO", Instant.now()));
        out.println("Warehouse shipped unit " + mac + " (IP811).");

        String account = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        answer(account, new RegisterAccount(account + "@example.com", "Example Telecom GmbH"));
        out.println("Account " + account + " registered.");
        answer(account, new RedeemActivationKey(activationKey.toLowerCase().replace("-", " ")));
        out.println("Activation key redeemed (typed in lower case with spaces: normalised).");

        LicenseResult assigned = null;
        Instant deadline = Instant.now().plus(PATIENCE);
        // The shipment and the portal request travel on different topics: retry until the unit is known.
        while (assigned == null || !assigned.getAccepted()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("licenses were not assigned: " + assigned.getRejections());
            }
            assigned = answer(account, new AssignLicenses(mac, null, licenses, "Demo End Customer", "Berlin", null, null));
        }
        LicensesAssigned outcome = (LicensesAssigned) assigned.getOutcome();
        out.println("Licenses assigned to " + mac + ". Signed license file (sequence "
                + outcome.getLicenseFile().getSequence() + "):\n");
        out.println(outcome.getLicenseFile().getContent());
    }

    private LicenseResult answer(String account, Object command) throws Exception {
        String requestId = UUID.randomUUID().toString();
        send(Topics.LICENSE_REQUESTS, account, new LicenseRequest(requestId, account, Instant.now(), command));
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, Object> record : results.poll(Duration.ofMillis(200))) {
                if (record.value() instanceof LicenseResult result && requestId.equals(result.getRequestId())) {
                    return result;
                }
            }
        }
        throw new IllegalStateException("no result for " + command.getClass().getSimpleName() + " within " + PATIENCE);
    }

    private void send(String topic, String key, SpecificRecord value) throws Exception {
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, key, value);
        String id = UUID.randomUUID().toString();
        new Envelope(id, value.getSchema().getFullName(), "demo", Instant.now(), id, null).writeTo(record.headers());
        producer.send(record).get();
    }

    @Override
    public void close() {
        producer.close();
        results.close();
    }
}
