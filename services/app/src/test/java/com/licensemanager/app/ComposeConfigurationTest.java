package com.licensemanager.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where the tests run, so this test checks instead that docker-compose.yml and the services'
 * configuration agree: every variable a service container gets is a property the service reads, every endpoint it
 * is given names a compose service on the port that service listens on, and health checks ask the right port.
 */
class ComposeConfigurationTest {

    private static final Map<String, Integer> LISTENING_PORTS = Map.of("postgres", 5432, "kafka", 9092, "registry", 8080);
    private static Map<String, Object> compose;
    private static Map<String, Object> applicationYaml;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("docker-compose.yml"))) {
            root = root.getParent();
        }
        try (InputStream in = Files.newInputStream(root.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        try (InputStream in = ComposeConfigurationTest.class.getResourceAsStream("/application.yml")) {
            applicationYaml = new Yaml().load(in);
        }
    }

    @Test
    void everyVariableGivenToAServiceIsAPropertyTheServiceReads() {
        Set<String> known = new HashSet<>();
        flatten("", applicationYaml, known);
        for (var service : licenseManagerServices().entrySet()) {
            for (String variable : environment(service.getValue()).keySet()) {
                assertThat(known).as("%s: %s must bind to a property of application.yml", service.getKey(), variable)
                        .contains(relaxed(variable));
            }
        }
    }

    @Test
    void everyEndpointNamesAComposeServiceOnThePortItListensOn() {
        Map<String, Object> services = services();
        for (var service : licenseManagerServices().entrySet()) {
            Map<String, String> env = environment(service.getValue());
            assertThat(env).containsKeys("SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_DATASOURCE_URL",
                    "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "LICENSING_SCHEMA_REGISTRY_URL");
            assertEndpoint(services, env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"), "kafka");
            assertEndpoint(services, env.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()), "postgres");
            assertEndpoint(services, env.get("LICENSING_SCHEMA_REGISTRY_URL"), "registry");
            assertThat(env.get("SPRING_DATASOURCE_PASSWORD")).as("secrets come from the environment")
                    .startsWith("${");
        }
    }

    @Test
    void healthChecksAskThePortTheServiceServesItsHealthOn() {
        Object port = ((Map<?, ?>) applicationYaml.get("server")).get("port");
        for (var service : licenseManagerServices().entrySet()) {
            Map<?, ?> healthcheck = (Map<?, ?>) service.getValue().get("healthcheck");
            assertThat(healthcheck).as(service.getKey() + " has a health check").isNotNull();
            assertThat(String.join(" ", (List<String>) healthcheck.get("test")))
                    .contains("localhost:" + port + "/actuator/health");
        }
    }

    @Test
    void everyServiceRunsExactlyOneConsumerRoleAndEveryRoleRunsSomewhere() {
        Map<?, ?> licensing = (Map<?, ?>) applicationYaml.get("licensing");
        Set<String> roleFlags = new java.util.TreeSet<>();
        licensing.forEach((role, settings) -> {
            if (settings instanceof Map<?, ?> map && map.containsKey("enabled")) {
                roleFlags.add("LICENSING_" + role.toString().toUpperCase(Locale.ROOT).replace('-', '_') + "_ENABLED");
            }
        });
        Set<String> rolesRunning = new HashSet<>();
        licenseManagerServices().forEach((name, service) -> {
            Map<String, String> env = environment(service);
            assertThat(env.keySet()).as("%s sets every role flag (all roles are on by default)", name)
                    .containsAll(roleFlags);
            List<String> enabled = roleFlags.stream().filter(flag -> "true".equals(env.get(flag))).toList();
            assertThat(enabled).as("%s runs exactly one role", name).hasSize(1);
            rolesRunning.addAll(enabled);
        });
        assertThat(rolesRunning).as("every role runs in some service").isEqualTo(roleFlags);
    }

    private static void assertEndpoint(Map<String, Object> services, String address, String expectedService) {
        URI uri = URI.create(address.contains("://") ? address : "tcp://" + address);
        assertThat(services).as("compose defines " + uri.getHost()).containsKey(uri.getHost());
        assertThat(uri.getHost()).isEqualTo(expectedService);
        assertThat(uri.getPort()).as(address).isEqualTo(LISTENING_PORTS.get(expectedService));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> licenseManagerServices() {
        Map<String, Map<String, Object>> result = new java.util.TreeMap<>();
        services().forEach((name, definition) -> {
            Map<String, Object> service = (Map<String, Object>) definition;
            if ("license-manager:local".equals(service.get("image"))) {
                result.put(name, service);
            }
        });
        assertThat(result).as("compose runs the license manager").isNotEmpty();
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new java.util.TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((key, value) -> env.put(key, String.valueOf(value)));
        return env;
    }

    /** Spring's relaxed binding, reduced to what both sides share: lower case letters and digits. */
    private static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static void flatten(String prefix, Map<?, ?> yaml, Set<String> into) {
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key.toString() : prefix + "." + key;
            into.add(relaxed(name));
            if (value instanceof Map<?, ?> nested) {
                flatten(name, nested, into);
            }
        });
    }
}
