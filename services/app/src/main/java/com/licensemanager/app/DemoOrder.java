package com.licensemanager.app;

import com.licensemanager.platform.messaging.Envelope;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.common.Customer;
import com.licensemanager.schemas.common.LicenseLine;
import com.licensemanager.schemas.licensing.ActivationKeyIssued;
import com.licensemanager.schemas.ordering.OrderFulfilled;
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

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Plays the ordering system and the certificate printer: publishes one fulfilled order and prints the License Key
 * Certificate once the License Manager has issued its activation key.
 */
final class DemoOrder {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private DemoOrder() {
    }

    static ActivationKeyIssued run(String bootstrapServers, String registryBaseUrl, PrintStream out) throws Exception {
        String registry = registryBaseUrl + "/apis/registry/v3";
        String orderNumber = "DEMO-" + Instant.now().toEpochMilli();
        OrderFulfilled order = OrderFulfilled.newBuilder()
                .setOrderNumber(orderNumber)
                .setCustomerReference("PO-4711")
                .setCustomer(new Customer("Example Telecom GmbH", null))
                .setLines(List.of(new LicenseLine("PBX6#15", 1), new LicenseLine("Channels", 8),
                        new LicenseLine("PBX-Voicemail#15", 1)))
                .setFulfilledAt(Instant.now())
                .build();

        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                "apicurio.registry.url", registry,
                "apicurio.registry.auto-register", true))) {
            ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.ORDERS_FULFILLED, orderNumber, order);
            String id = UUID.randomUUID().toString();
            new Envelope(id, OrderFulfilled.getClassSchema().getFullName(), "demo/ordering", Instant.now(), id, null)
                    .writeTo(record.headers());
            producer.send(record).get();
        }
        out.println("Published fulfilled order " + orderNumber + " to " + Topics.ORDERS_FULFILLED
                + "; waiting for its activation key ...");

        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "demo-certificate-printer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                "apicurio.registry.url", registry,
                "apicurio.registry.use-specific-avro-reader", true))) {
            consumer.subscribe(List.of(Topics.ACTIVATION_KEYS));
            Instant deadline = Instant.now().plus(PATIENCE);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() instanceof ActivationKeyIssued key && orderNumber.equals(key.getOrderNumber())) {
                        out.println(certificate(key));
                        return key;
                    }
                }
            }
        }
        throw new IllegalStateException("no activation key for order " + orderNumber + " within " + PATIENCE);
    }

    static String certificate(ActivationKeyIssued key) {
        String licenses = key.getLicenses().stream()
                .map(line -> String.format("      %3d x %s", line.getQuantity(), line.getLicenseCode()))
                .collect(Collectors.joining("\n"));
        return String.join("\n",
                "",
                "  ==================== License Key Certificate ====================",
                "    Licenses:",
                licenses,
                "    License Key: " + key.getActivationKey(),
                "    Order:       " + key.getOrderNumber(),
                "    Reference:   " + (key.getCustomerReference() == null ? "-" : key.getCustomerReference()),
                "    Customer:    " + key.getCustomer().getName(),
                "    Scan:        " + key.getScanPayload(),
                "  ================================================================",
                "");
    }
}
