package com.licensemanager.rma;

import com.licensemanager.platform.kafka.ConsumerDeclaration.ConsumerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The repair desk's consumer ({@code licensing.rma.*}).
 *
 * @param enabled     whether this instance runs the consumer (read by the auto-configuration's condition)
 * @param concurrency consumer threads
 * @param groupId     consumer group
 */
@ConfigurationProperties("licensing.rma")
public record RmaNotificationsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") int concurrency,
                                         @DefaultValue("license-manager.rma-notifications") String groupId)
        implements ConsumerSettings {
}
