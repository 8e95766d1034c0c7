package com.licensemanager.platform;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.licensing.unit.UnitRules;
import com.licensemanager.platform.catalogue.CatalogueLoader;
import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.kafka.ConsumerDeclaration;
import com.licensemanager.platform.kafka.ConsumerEndpoints;
import com.licensemanager.platform.kafka.DeadLetterAnswers;
import com.licensemanager.platform.kafka.DeliveryFailures;
import com.licensemanager.platform.kafka.KafkaErrorHandling;
import com.licensemanager.platform.messaging.ReaderPerWriterSchema;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.platform.outbox.OutboxRelay;
import com.licensemanager.platform.outbox.OutboxSignal;
import com.licensemanager.platform.registry.RegistrySerdes;
import com.licensemanager.platform.retention.InboxRetention;
import com.licensemanager.platform.retention.Retention;
import com.licensemanager.platform.retention.RetentionRule;
import com.licensemanager.platform.timers.DurableTimers;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.platform.messaging.RegistryAvroDeserializer;
import com.licensemanager.platform.messaging.RegistryClients;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What every License Manager consumer shares: inbox, outbox and relay, Avro through the registry in Confluent wire
 * format, the error policy and the topic declarations. Feature modules add only their listeners and handlers.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, JooqAutoConfiguration.class})
@EnableConfigurationProperties(LicensingProperties.class)
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    @ConditionalOnMissingBean
    ProductCatalogue productCatalogue() {
        return ProductCatalogue.loadDefault();
    }

    @Bean
    @ConditionalOnMissingBean
    UnitRules unitRules(ProductCatalogue catalogue) {
        return new UnitRules(catalogue);
    }

    /**
     * Without jOOQ's execute logging: its listener runs at every step of every statement even while its DEBUG log is
     * off, and the service runs about a dozen statements per request.
     */
    @Bean
    DefaultConfigurationCustomizer licensingJooqSettings() {
        return configuration -> configuration.settings().setExecuteLogging(false);
    }

    @Bean
    CatalogueLoader catalogueLoader(DSLContext db, TransactionTemplate transactions, ProductCatalogue catalogue) {
        return new CatalogueLoader(db, transactions, catalogue);
    }

    @Bean
    InboxRetention inboxRetention(DSLContext db, LicensingProperties licensing) {
        return new InboxRetention(db, licensing.retention().inbox());
    }

    @Bean
    Retention retention(DSLContext db, TransactionTemplate transactions, List<RetentionRule> rules, Clock clock,
                        LicensingProperties licensing) {
        return new Retention(db, transactions, rules, clock, licensing.retention().interval());
    }

    @Bean
    DurableTimers durableTimers(DataSource dataSource) {
        return new DurableTimers(dataSource);
    }

    @Bean
    Inbox inbox(DSLContext db) {
        return new Inbox(db);
    }

    @Bean
    ConsumerEndpoints consumerEndpoints(ObjectProvider<ConsumerDeclaration<?>> declarations,
                                        TransactionTemplate transactions, Inbox inbox, Outbox outbox,
                                        LicensingProperties licensing, Clock clock,
                                        ObjectProvider<MeterRegistry> meters) {
        return new ConsumerEndpoints(declarations.orderedStream().toList(), transactions, inbox, outbox,
                licensing.serviceName(), clock, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    @Bean
    Outbox outbox(DSLContext db, OutboxSignal signal) {
        return new Outbox(db, signal);
    }

    @Bean
    @ConditionalOnProperty(name = "licensing.relay.enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelay outboxRelay(DSLContext db, TransactionTemplate transactions, KafkaProperties kafka,
                            KafkaConnectionDetails connection, LicensingProperties licensing, OutboxSignal signal,
                            ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> config = producerConfig(kafka, connection);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Payloads leave framed by the relay itself; the registry serializer is asked only for each type's frame.
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.putAll(registryProducerConfig(licensing));
        // Per-key order across retries needs idempotence; acks=all so an acknowledged event survives a broker loss.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // No lingering: the relay batches itself (it hands up to a batch of rows to the producer at once and waits
        // for all acknowledgements), so waiting for more records only delayed a lone result by the linger (Kafka 4
        // waits 5 ms by default). Under load the rows of one relay pass still leave in few, large requests.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        // The producer gives up on a send after the relay's send timeout (Kafka requires delivery >= linger + request).
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(
                licensing.relay().sendTimeout().toMillis(), 10_000 + 1));
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, licensing.serviceName() + "-outbox-relay");
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        // Configured with the producer's whole configuration, as the producer configured it when it serialized.
        AvroKafkaSerializer<Object> registrySerializer = new AvroKafkaSerializer<>();
        registrySerializer.configure(config, false);
        RegistryClients.giveUpAfterSilence(registrySerializer.getSchemaResolver(), licensing.schemaRegistry().registryApiUrl(),
                licensing.schemaRegistry().silence());
        return new OutboxRelay(db, transactions, template, registrySerializer, licensing.relay().registryTimeout(),
                signal, licensing.relay().shards(), licensing.relay().batchSize(), licensing.relay().pollInterval(),
                licensing.relay().sendTimeout(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Consumers read Avro through the registry; a record that cannot be decoded reaches the listener as a failure. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer licensingConsumerSerde(LicensingProperties licensing,
                                                                 ObjectProvider<ConsumerDeclaration<?>> declarations) {
        return factory -> {
            Map<String, Object> config = new HashMap<>();
            config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
            config.put(ErrorHandlingDeserializer.KEY_DESERIALIZER_CLASS, StringDeserializer.class);
            config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
            config.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, RegistryAvroDeserializer.class);
            config.put("apicurio.registry.url", licensing.schemaRegistry().registryApiUrl());
            config.put("apicurio.registry.use-specific-avro-reader", true);
            config.put("apicurio.registry.avro-datum-provider", ReaderPerWriterSchema.class.getName());
            config.put(RegistryAvroDeserializer.SILENCE_MS, licensing.schemaRegistry().silence().toMillis());
            config.put(RegistryAvroDeserializer.EXPECTED_TYPES, declarations.orderedStream()
                    .map(declared -> declared.topic() + "=" + declared.payloadType().getName())
                    .collect(java.util.stream.Collectors.joining(",")));
            // Offsets are committed by the container after the database transaction, never automatically.
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)) {
                config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            }
            factory.updateConfigs(config);
        };
    }

    /**
     * Offsets are committed asynchronously after each batch. The inbox, written in the batch's own transaction, is
     * what makes a redelivered message a no-op; the committed offset only says where a restarted consumer starts. A
     * synchronous commit made every batch's listener thread wait for the group coordinator (about 10 ms a batch on
     * the benchmark's broker, as long as a light-load batch's own work); a commit that does not complete before a
     * crash or a rebalance only means messages redelivered and skipped.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> licensingOffsetCommits() {
        return container -> container.getContainerProperties().setSyncCommits(false);
    }

    @Bean
    DeliveryFailures deliveryFailures() {
        return new DeliveryFailures();
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler licensingErrorHandler(KafkaProperties kafka, KafkaConnectionDetails connection,
                                             LicensingProperties licensing, DeliveryFailures failures,
                                             DeadLetterAnswers answers) {
        Map<String, Object> config = producerConfig(kafka, connection);
        config.putAll(registryProducerConfig(licensing));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, licensing.serviceName() + "-dead-letters");
        // Undecodable records arrive as their original bytes and leave as such; decoded ones are re-encoded as Avro.
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, avroSerializer(licensing));
        DefaultKafkaProducerFactory<Object, Object> factory = new DefaultKafkaProducerFactory<>(config,
                new DelegatingByTypeSerializer(Map.of(String.class, new StringSerializer(),
                        byte[].class, new ByteArraySerializer()), true),
                new DelegatingByTypeSerializer(byType, true));
        return KafkaErrorHandling.errorHandler(new KafkaTemplate<>(factory),
                licensing.retry().attemptsBeforeDeadLetter(), licensing.retry().interval(), failures,
                answers::afterDeadLettered);
    }

    @Bean
    DeadLetterAnswers deadLetterAnswers(ObjectProvider<ConsumerDeclaration<?>> declarations,
                                        TransactionTemplate transactions, Inbox inbox, Outbox outbox,
                                        LicensingProperties licensing, Clock clock, ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterAnswers(declarations, transactions, inbox, outbox, licensing.serviceName(), clock,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Every topic of the contract, and a dead-letter twin for each inbound one; never left to auto-creation. */
    @Bean
    KafkaAdmin.NewTopics licensingTopics(LicensingProperties licensing) {
        int partitions = licensing.topics().partitions();
        short replicas = licensing.topics().replicationFactor();
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.INBOUND) {
            topics.add(new NewTopic(topic, partitions, replicas));
            topics.add(new NewTopic(Topics.deadLetter(topic), partitions, replicas).configs(Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, String.valueOf(licensing.topics().deadLetterRetention().toMillis()))));
        }
        for (String topic : Topics.OUTBOUND) {
            NewTopic declared = new NewTopic(topic, partitions, replicas);
            if (Topics.COMPACTED.contains(topic)) {
                declared.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            if (topic.equals(Topics.HISTORY)) {
                // Every entry counts, not the latest per key: deleted by age (long), never compacted.
                declared.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        String.valueOf(licensing.topics().historyRetention().toMillis())));
            }
            topics.add(declared);
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /** Boot's producer settings plus its connection details (which Boot applies only to its own factories). */
    private static Map<String, Object> producerConfig(KafkaProperties kafka, KafkaConnectionDetails connection) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
        return config;
    }

    private static Map<String, Object> registryProducerConfig(LicensingProperties licensing) {
        return RegistrySerdes.producerConfig(licensing.schemaRegistry().registryApiUrl(),
                licensing.schemaRegistry().autoRegister());
    }

    private static AvroKafkaSerializer<SpecificRecord> avroSerializer(LicensingProperties licensing) {
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(registryProducerConfig(licensing), false);
        RegistryClients.giveUpAfterSilence(serializer.getSchemaResolver(), licensing.schemaRegistry().registryApiUrl(),
                licensing.schemaRegistry().silence());
        return serializer;
    }
}
