package com.licensemanager.fulfilment;

import com.licensemanager.licensing.catalogue.ProductCatalogue;
import com.licensemanager.platform.PlatformAutoConfiguration;
import com.licensemanager.platform.kafka.IdempotentConsumers;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The order-fulfilment consumer; switched off with {@code licensing.fulfilment.enabled=false}. */
@AutoConfiguration(after = PlatformAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.fulfilment.enabled", havingValue = "true", matchIfMissing = true)
public class OrderFulfilmentAutoConfiguration {

    @Bean
    OrderFulfilmentListener orderFulfilmentListener(DSLContext db, IdempotentConsumers consumers, Clock clock,
                                                    ProductCatalogue catalogue) {
        OrderFulfilment fulfilment = new OrderFulfilment(new ActivationKeyRepository(db), new ActivationKeyFactory(),
                new OrderValidation(catalogue), clock);
        return new OrderFulfilmentListener(
                consumers.create(OrderFulfilmentListener.CONSUMER, OrderFulfilled.class, fulfilment));
    }
}
