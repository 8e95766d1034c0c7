package com.licensemanager.requests.admin;

import com.licensemanager.platform.kafka.ConsumerDeclaration.ConsumerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The vendor staff's admin-command consumer ({@code licensing.admin.*}).
 *
 * @param enabled     whether this instance runs the consumer (read by the auto-configuration's condition)
 * @param concurrency consumer threads
 * @param groupId     consumer group
 */
@ConfigurationProperties("licensing.admin")
public record AdminCommandsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") int concurrency,
                                      @DefaultValue("license-manager.admin-commands") String groupId)
        implements ConsumerSettings {
}
