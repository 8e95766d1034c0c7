package com.licensemanager.unitregister;

import com.licensemanager.platform.kafka.ConsumerDeclaration.ConsumerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The unit-register consumer of shipped units ({@code licensing.shipments.*}).
 *
 * @param enabled     whether this instance runs the consumer (read by the auto-configuration's condition)
 * @param concurrency consumer threads
 * @param groupId     consumer group
 */
@ConfigurationProperties("licensing.shipments")
public record UnitRegisterProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") int concurrency,
                                     @DefaultValue("license-manager.unit-register") String groupId)
        implements ConsumerSettings {
}
