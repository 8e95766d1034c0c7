package com.licensemanager.app.operations;

import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.kafka.DeliveryFailures;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;

/** Health of the three components the service needs, and the metrics operators watch. */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }

    @Bean
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(LicensingProperties licensing) {
        return new SchemaRegistryHealthIndicator(licensing.schemaRegistry().registryApiUrl());
    }

    @Bean
    OperationalMetrics operationalMetrics(DSLContext db, DeliveryFailures failures, Clock clock) {
        return new OperationalMetrics(db, failures, clock);
    }
}
