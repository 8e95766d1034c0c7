package com.licensemanager.shipments;

import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.PlatformAutoConfiguration;
import com.licensemanager.platform.inbox.Inbox;
import com.licensemanager.platform.kafka.IdempotentBatchConsumer;
import com.licensemanager.platform.outbox.Outbox;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/** The unit register fed by the warehouse; switched off with {@code licensing.shipments.enabled=false}. */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.shipments.enabled", havingValue = "true", matchIfMissing = true)
public class ShipmentsAutoConfiguration {

    @Bean
    ShipmentListener shipmentListener(DSLContext db, TransactionTemplate transactions, Inbox inbox, Outbox outbox,
                                      LicensingProperties licensing, Clock clock) {
        return new ShipmentListener(new IdempotentBatchConsumer<>(ShipmentListener.CONSUMER, UnitShipped.class,
                new UnitRegister(new UnitRepository(db), clock), transactions, inbox, outbox,
                licensing.serviceName(), clock));
    }
}
