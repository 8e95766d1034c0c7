package com.licensemanager.shipments;

import com.licensemanager.platform.PlatformAutoConfiguration;
import com.licensemanager.platform.kafka.IdempotentConsumers;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The unit register fed by the warehouse; switched off with {@code licensing.shipments.enabled=false}. */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.shipments.enabled", havingValue = "true", matchIfMissing = true)
public class ShipmentsAutoConfiguration {

    @Bean
    ShipmentListener shipmentListener(DSLContext db, IdempotentConsumers consumers, Clock clock) {
        return new ShipmentListener(consumers.create(ShipmentListener.CONSUMER, UnitShipped.class,
                new UnitRegister(new UnitRepository(db), clock)));
    }
}
