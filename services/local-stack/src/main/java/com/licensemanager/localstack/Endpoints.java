package com.licensemanager.localstack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the infrastructure of a running stack can be reached.
 *
 * @param kafkaBootstrapServers Kafka bootstrap servers, e.g. {@code localhost:41234}
 * @param schemaRegistryUrl base URL of the Apicurio Registry server, e.g. {@code http://127.0.0.1:8081}
 *        (no API path; see {@link #schemaRegistryApiUrl()} and {@link #schemaRegistryCcompatUrl()})
 * @param jdbcUrl JDBC URL of the application database
 * @param jdbcUsername database user
 * @param jdbcPassword that user's password
 */
public record Endpoints(
        String kafkaBootstrapServers,
        String schemaRegistryUrl,
        String jdbcUrl,
        String jdbcUsername,
        String jdbcPassword) {

    public static final String KAFKA_BOOTSTRAP_SERVERS_PROPERTY = "spring.kafka.bootstrap-servers";
    public static final String DATASOURCE_URL_PROPERTY = "spring.datasource.url";
    public static final String DATASOURCE_USERNAME_PROPERTY = "spring.datasource.username";
    public static final String DATASOURCE_PASSWORD_PROPERTY = "spring.datasource.password";
    /** Base URL of the registry; services append {@code /apis/registry/v3} themselves. */
    public static final String SCHEMA_REGISTRY_URL_PROPERTY = "licensing.schema-registry.url";

    public Endpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUsername, "jdbcUsername");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        schemaRegistryUrl = stripTrailingSlash(schemaRegistryUrl);
    }

    /** Apicurio's native v3 API, the URL the Apicurio serdes want ({@code apicurio.registry.url}). */
    public String schemaRegistryApiUrl() {
        return schemaRegistryUrl + SchemaRegistryProcess.REGISTRY_API_PATH;
    }

    /** The Confluent-compatible API of the same registry. */
    public String schemaRegistryCcompatUrl() {
        return schemaRegistryUrl + SchemaRegistryProcess.CCOMPAT_API_PATH;
    }

    /** The Spring Boot properties that point an application at these endpoints (insertion-ordered, immutable). */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(KAFKA_BOOTSTRAP_SERVERS_PROPERTY, kafkaBootstrapServers);
        properties.put(DATASOURCE_URL_PROPERTY, jdbcUrl);
        properties.put(DATASOURCE_USERNAME_PROPERTY, jdbcUsername);
        properties.put(DATASOURCE_PASSWORD_PROPERTY, jdbcPassword);
        properties.put(SCHEMA_REGISTRY_URL_PROPERTY, schemaRegistryUrl);
        return java.util.Collections.unmodifiableMap(properties);
    }

    @Override
    public String toString() {
        return "Endpoints[kafkaBootstrapServers=" + kafkaBootstrapServers
                + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", jdbcUrl=" + jdbcUrl
                + ", jdbcUsername=" + jdbcUsername
                + ", jdbcPassword=***]";
    }

    private static String stripTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
