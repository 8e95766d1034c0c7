package com.licensemanager.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the License Manager services ({@code licensing.*}); every one can be given as an environment
 * variable, e.g. {@code LICENSING_SCHEMA_REGISTRY_URL}.
 */
@ConfigurationProperties("licensing")
public record LicensingProperties(
        @DefaultValue("license-manager") String serviceName,
        @DefaultValue SchemaRegistry schemaRegistry,
        @DefaultValue TopicSettings topics,
        @DefaultValue Relay relay,
        @DefaultValue Retry retry,
        @DefaultValue Retention retention) {

    public LicensingProperties {
        // The name is every published event's CloudEvents source, which must be a URI reference: refuse a name that
        // is not one at start-up rather than let the outbox relay fail on every event.
        try {
            java.net.URI.create(serviceName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("licensing.service-name must be a URI reference (it is the ce_source "
                    + "of published events): " + serviceName, e);
        }
    }

    /**
     * @param url          base URL of the Apicurio Registry, e.g. {@code http://registry:8080}
     * @param autoRegister whether the service may register a schema it does not find; off, because the contract's
     *                     schemas are registered, under their compatibility rules, by a step of the deployment
     *                     ({@code ContractRegistration}) and a service must not publish under a schema that step
     *                     did not check
     * @param silence      how long a registry call may go without an answer before it counts as failed (and is
     *                     retried): a stalled registry must not hold a consumer or the relay for ever
     */
    public record SchemaRegistry(@DefaultValue("http://localhost:8080") String url,
                                 @DefaultValue("false") boolean autoRegister,
                                 @DefaultValue("10s") Duration silence) {

        public String registryApiUrl() {
            return strip(url) + "/apis/registry/v3";
        }

        public String confluentCompatibleUrl() {
            return confluentCompatibleUrl(url);
        }

        /** The Confluent-compatible API of the registry at {@code url}, for tools that have no properties. */
        public static String confluentCompatibleUrl(String url) {
            return strip(url) + "/apis/ccompat/v7";
        }

        private static String strip(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }

    /**
     * @param deadLetterRetention how long a dead letter is kept: set on every {@code -dlt} topic when it is declared,
     *                            longer than the broker's default week, so a dead letter of a long weekend is still
     *                            there when someone looks; as long as the inbox remembers message ids, so a re-drive
     *                            within it is recognised
     * @param historyRetention    how long {@code licensing.history.v1} keeps an entry ({@code retention.ms}, set when
     *                            it is declared): about the life of a unit, so a reader that starts late still reads
     *                            whole histories; the database keeps every entry for ever in any case
     */
    public record TopicSettings(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
                                @DefaultValue("30d") Duration deadLetterRetention,
                                @DefaultValue("3650d") Duration historyRetention) {
    }

    /**
     * @param shards          how many parts the outbox is cut into by message key, each relayed by one instance at a
     *                        time: the most instances that publish at once. The same in every instance of a database
     * @param registryTimeout how long the relay waits for the registry to resolve the schema of an event type
     */
    public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("16") int shards,
                        @DefaultValue("500") int batchSize,
                        @DefaultValue("100ms") Duration pollInterval, @DefaultValue("30s") Duration sendTimeout,
                        @DefaultValue("30s") Duration registryTimeout) {
    }

    /**
     * @param inbox    how long a handled message id is remembered; needed only while the message can still be
     *                 redelivered (inbound topics keep 7 days)
     * @param interval how often the retention rules run (one instance at a time)
     */
    public record Retention(@DefaultValue("30d") Duration inbox, @DefaultValue("1h") Duration interval) {
    }

    /** How often a record that fails for its own sake is tried before it is dead-lettered. */
    public record Retry(@DefaultValue("3") int attemptsBeforeDeadLetter, @DefaultValue("200ms") Duration interval) {
    }
}
