package com.licensemanager.unitregister;

import com.licensemanager.platform.kafka.ConsumerDeclaration;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.warehouse.UnitShipped;
import com.licensemanager.state.LicensingStateAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Shipped units enter the unit register; switched off with {@code licensing.shipments.enabled=false}. */
@AutoConfiguration(after = LicensingStateAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.shipments.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(UnitRegisterProperties.class)
@Import(UnitRegister.class)
public class UnitRegisterAutoConfiguration {

    public static final String CONSUMER = "unit-register";

    @Bean
    ConsumerDeclaration<UnitShipped> unitRegisterConsumer(UnitRegister register, UnitRegisterProperties settings) {
        return new ConsumerDeclaration<>(CONSUMER, Topics.UNITS_SHIPPED, UnitShipped.class, register, settings);
    }
}
