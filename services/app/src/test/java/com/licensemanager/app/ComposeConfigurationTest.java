package com.licensemanager.app;

import com.licensemanager.app.contract.RegistryContractSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 * configuration agree: every variable a service container gets is a property the service reads (its own, or one of
 * Spring Boot's as its configuration metadata lists them, or a {@code licensing.*} property of the properties records), every endpoint it is given names a compose service on the
 * port that service listens on, and health checks ask the right port. KafkaAccessIntegrationTest runs the Kafka
 * login compose gives the services against a real secured broker.
 */
class ComposeConfigurationTest {

    private static final Map<String, Integer> LISTENING_PORTS = Map.of("postgres", 5432, "kafka", 9092, "registry", 8080);
    private static Map<String, Object> compose;
    private static Map<String, Object> applicationYaml;
    /** Spring Boot's documented properties (relaxed names), and those of them that are maps (any key below). */
    private static final Set<String> bootProperties = new HashSet<>();
    private static final Set<String> bootMapProperties = new HashSet<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (InputStream in = Files.newInputStream(Repository.root().resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
        }
        try (InputStream in = ComposeConfigurationTest.class.getResourceAsStream("/application.yml")) {
            applicationYaml = new Yaml().load(in);
        }
        JsonMapper json = JsonMapper.builder().build();
        var metadata = ComposeConfigurationTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (metadata.hasMoreElements()) {
            try (InputStream in = metadata.nextElement().openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    String name = relaxed(property.path("name").asString());
                    bootProperties.add(name);
                    if (property.path("type").asString("").startsWith("java.util.Map<")) {
                        bootMapProperties.add(name);
                    }
                }
            }
        }
        assertThat(bootProperties).as("Spring Boot's configuration metadata is on the class path")
                .contains("springkafkasecurityprotocol", "loggingstructuredformatconsole");
    }

    @Test
    void everyVariableGivenToAServiceIsAPropertyTheServiceReads() {
        Set<String> known = new HashSet<>();
        flatten("", applicationYaml, known);
        LicensingPropertyNames.declared().forEach(name -> known.add(relaxed(name)));
        for (var service : licenseManagerServices().entrySet()) {
            for (String variable : environment(service.getValue()).keySet()) {
                String name = relaxed(variable);
                assertThat(known.contains(name) || bootProperties.contains(name)
                        || bootMapProperties.stream().anyMatch(map -> name.startsWith(map) && name.length() > map.length()))
                        .as("%s: %s must bind to a property of application.yml or of Spring Boot", service.getKey(),
                                variable)
                        .isTrue();
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
            assertThat(env.get("SPRING_KAFKA_SECURITY_PROTOCOL")).as("%s logs in to Kafka", service.getKey())
                    .isEqualTo("SASL_PLAINTEXT");
            assertThat(env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).as("secrets come from the environment")
                    .contains("password=\"${KAFKA_PASSWORD_");
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
        // A role is a consumer or worker switched by licensing.<role>.enabled; the relay is not one (every instance
        // may run it, one is active per database).
        Set<String> roleFlags = new java.util.TreeSet<>();
        LicensingPropertyNames.declared().stream()
                .filter(name -> name.endsWith(".enabled") && !name.equals("licensing.relay.enabled"))
                .forEach(name -> roleFlags.add(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')));
        assertThat(roleFlags).as("role flags of the properties records").hasSize(6);
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

    @Test
    @SuppressWarnings("unchecked")
    void theAccessContainerHasAPasswordForEveryUserOfTheAccessPolicy() {
        Map<String, Object> access = (Map<String, Object>) services().get("kafka-access");
        assertThat(access).as("compose creates the Kafka users and ACLs").isNotNull();
        Map<String, String> env = environment(access);
        Path policy = Repository.root().resolve("ops/compose/kafka/access.conf");
        for (String user : com.licensemanager.app.access.KafkaAccessPolicy.read(policy).users()) {
            String variable = "KAFKA_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(env.get(variable)).as("%s from the environment", variable).startsWith("${" + variable);
        }
        assertThat(env.get("KAFKA_PASSWORD_ADMIN")).startsWith("${KAFKA_PASSWORD_ADMIN");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServicesStartOnlyAfterTheRegistryStepAndNeverRegisterThemselves() {
        Map<String, Object> step = (Map<String, Object>) services().get("registry-contract");
        assertThat(step).as("compose registers the contract").isNotNull();
        String entrypoint = String.join(" ", (List<String>) step.get("entrypoint"));
        assertThat(entrypoint).contains("-Dloader.main=" + RegistryContractSetup.class.getName());
        assertEndpoint(services(), environment(step).get("LICENSING_SCHEMA_REGISTRY_URL"), "registry");
        licenseManagerServices().forEach((name, service) -> {
            assertThat((Map<String, Map<String, String>>) service.get("depends_on")).as(name)
                    .containsEntry("registry-contract", Map.of("condition", "service_completed_successfully"));
            assertThat(environment(service)).as(name).containsEntry("LICENSING_SCHEMA_REGISTRY_AUTO_REGISTER", "false");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theConsoleIsReadOnlyWithItsOwnUserAndReadsValuesThroughTheRegistrysConfluentApi() {
        Map<String, Object> ui = (Map<String, Object>) services().get("kafka-ui");
        assertThat(ui).as("compose runs a Kafka console").isNotNull();
        assertThat((String) ui.get("image")).startsWith("ghcr.io/kafbat/kafka-ui:");
        Map<String, String> env = environment(ui);
        assertThat(env).containsEntry("KAFKA_CLUSTERS_0_READONLY", "true")
                .containsEntry("DYNAMIC_CONFIG_ENABLED", "false")
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        assertEndpoint(services(), env.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"), "kafka");
        String registry = env.get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY");
        assertEndpoint(services(), registry, "registry");
        // the same Confluent-compatible API the services' serdes use (LicensingProperties.SchemaRegistry)
        assertThat(registry).isEqualTo(com.licensemanager.platform.LicensingProperties.SchemaRegistry
                .confluentCompatibleUrl("http://registry:8080"));
        assertThat(env.get("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG"))
                .contains("username=\"kafka-ui\"", "password=\"${KAFKA_PASSWORD_KAFKA_UI");

        var policy = com.licensemanager.app.access.KafkaAccessPolicy.read(Repository.root()
                .resolve("ops/compose/kafka/access.conf"));
        var rules = policy.acls().stream().filter(acl -> acl.entry().principal().equals("User:kafka-ui")).toList();
        assertThat(rules).as("kafka-ui's rules in access.conf").isNotEmpty();
        assertThat(rules).allSatisfy(acl -> assertThat(acl.entry().operation()).as(acl.toString())
                .isIn(org.apache.kafka.common.acl.AclOperation.READ, org.apache.kafka.common.acl.AclOperation.DESCRIBE,
                        org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS));
        assertThat(rules).as("reads the topics").anySatisfy(acl -> {
            assertThat(acl.entry().operation()).isEqualTo(org.apache.kafka.common.acl.AclOperation.READ);
            assertThat(acl.pattern().resourceType()).isEqualTo(org.apache.kafka.common.resource.ResourceType.TOPIC);
        });
        // READ on a group allows committing its offsets: only kafka-ui's own groups, never the service's
        assertThat(rules.stream().filter(acl -> acl.pattern().resourceType()
                        == org.apache.kafka.common.resource.ResourceType.GROUP
                        && acl.entry().operation() == org.apache.kafka.common.acl.AclOperation.READ))
                .allSatisfy(acl -> {
                    assertThat(acl.pattern().patternType()).isEqualTo(org.apache.kafka.common.resource.PatternType.PREFIXED);
                    assertThat(acl.pattern().name()).startsWith("kafbat-ui");
                });
        assertThat((Map<String, Map<String, String>>) ui.get("depends_on"))
                .containsEntry("kafka-access", Map.of("condition", "service_completed_successfully"));
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
            // the one-shot kafka-access container runs the same image but no service
            if ("license-manager:local".equals(service.get("image")) && environment(service).containsKey("LICENSING_SERVICE_NAME")) {
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
