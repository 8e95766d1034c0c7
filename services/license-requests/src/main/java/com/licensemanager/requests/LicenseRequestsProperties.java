package com.licensemanager.requests;

import com.licensemanager.platform.kafka.ConsumerDeclaration.ConsumerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The portal's license-request consumer ({@code licensing.requests.*}).
 *
 * @param enabled     whether this instance runs the consumer (read by the auto-configuration's condition)
 * @param concurrency consumer threads; requests of one account stay in order (they share a partition)
 * @param groupId     consumer group
 */
@ConfigurationProperties("licensing.requests")
public record LicenseRequestsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2") int concurrency,
                                        @DefaultValue("license-manager.license-requests") String groupId)
        implements ConsumerSettings {
}
