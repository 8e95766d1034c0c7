package com.licensemanager.platform.registry;

import io.apicurio.registry.serde.strategy.TopicIdStrategy;

import java.util.Map;

/** How the service's producers (outbox relay, dead letters) talk to the registry. */
public final class RegistrySerdes {

    private RegistrySerdes() {
    }

    /** @param registryApiUrl {@code <registry>/apis/registry/v3} */
    public static Map<String, Object> producerConfig(String registryApiUrl, boolean autoRegister) {
        return Map.of(
                "apicurio.registry.url", registryApiUrl,
                // Off in every deployment: ContractRegistration registers the schemas, under their rules.
                "apicurio.registry.auto-register", autoRegister,
                // Subject <topic>-value, said explicitly: it is what ContractRegistration registers and what every
                // Confluent client looks up; a changed default of the serde must not move our schemas elsewhere.
                "apicurio.registry.artifact-resolver-strategy", TopicIdStrategy.class.getName(),
                // The whole schema, nested records and enums inlined, as ContractRegistration registers it: one
                // self-contained schema per subject, which the serde finds by content. (Without it the serde splits
                // out every named type as a reference subject of its own and looks for that form instead.)
                "apicurio.registry.dereference-schema", true,
                // Confluent wire format (magic byte, 4-byte id, body) so Confluent-based consumers read our topics.
                "apicurio.registry.headers.enabled", false);
    }
}
