package com.licensemanager.fulfilment;

import com.licensemanager.platform.kafka.ConsumerDeclaration;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.ordering.OrderFulfilled;
import com.licensemanager.state.LicensingStateAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Fulfilled orders become activation keys; switched off with {@code licensing.fulfilment.enabled=false}. */
@AutoConfiguration(after = LicensingStateAutoConfiguration.class)
@ConditionalOnProperty(name = "licensing.fulfilment.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OrderFulfilmentProperties.class)
@Import({OrderFulfilment.class, OrderValidation.class, ActivationKeyFactory.class})
public class OrderFulfilmentAutoConfiguration {

    public static final String CONSUMER = "order-fulfilment";

    @Bean
    ConsumerDeclaration<OrderFulfilled> orderFulfilmentConsumer(OrderFulfilment fulfilment,
                                                                OrderFulfilmentProperties settings) {
        return new ConsumerDeclaration<>(CONSUMER, Topics.ORDERS_FULFILLED, OrderFulfilled.class, fulfilment, settings);
    }
}
