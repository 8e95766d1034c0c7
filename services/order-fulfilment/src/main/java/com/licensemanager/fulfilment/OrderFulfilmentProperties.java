package com.licensemanager.fulfilment;

import com.licensemanager.platform.kafka.ConsumerDeclaration.ConsumerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The order-fulfilment consumer ({@code licensing.fulfilment.*}).
 *
 * @param enabled     whether this instance runs the consumer (read by the auto-configuration's condition)
 * @param concurrency consumer threads
 * @param groupId     consumer group
 */
@ConfigurationProperties("licensing.fulfilment")
public record OrderFulfilmentProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") int concurrency,
                                        @DefaultValue("license-manager.order-fulfilment") String groupId)
        implements ConsumerSettings {
}
