package com.licensemanager.requests;

import com.licensemanager.platform.kafka.ConsumerDeclaration.ConsumerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The portal's license-request consumer ({@code licensing.requests.*}).
 *
 * @param enabled     whether this instance runs the consumer (read by the auto-configuration's condition)
 * @param concurrency consumer threads; requests of one account stay in order (they share a partition). Three, not
 *                    two: a batch spends most of its time waiting for PostgreSQL (round trips, the commit's WAL flush),
 *                    and a third thread overlaps those waits; in the benchmark the maximum rate rose by a third and the
 *                    CPU per request fell by a quarter (docs/benchmarks.md). Two instances then use all six partitions.
 * @param groupId     consumer group
 */
@ConfigurationProperties("licensing.requests")
public record LicenseRequestsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("3") int concurrency,
                                        @DefaultValue("license-manager.license-requests") String groupId)
        implements ConsumerSettings {
}
