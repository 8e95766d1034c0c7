package com.licensemanager.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.licensemanager.platform.topics.Topics;
import com.licensemanager.schemas.contract.ContractTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the contract into the schema registry: for every topic, its subject ({@code <topic>-value}) gets the topic's
 * compatibility rule, then this build's value schema as a version. The service itself never registers (it runs
 * with {@code licensing.schema-registry.auto-register=false}): this step does it once per deployment, before the
 * services start, and fails when the registry refuses a schema under the rule, so a breaking change stops the
 * deployment instead of reaching a reader.
 *
 * <p>Idempotent: the same schema again is the same version, the same rule again changes nothing. Spoken through the
 * Confluent-compatible API, the one the other teams' clients use, so what is set here is what they see.
 */
public final class ContractRegistration {

    private static final Logger log = LoggerFactory.getLogger(ContractRegistration.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final URI confluentCompatibleUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param confluentCompatibleUrl e.g. {@code http://registry:8080/apis/ccompat/v7} */
    public ContractRegistration(String confluentCompatibleUrl) {
        this.confluentCompatibleUrl = URI.create(confluentCompatibleUrl.endsWith("/")
                ? confluentCompatibleUrl : confluentCompatibleUrl + "/");
    }

    /** Registers every topic's schema under its rule; returns the schema id per subject. */
    public Map<String, Integer> registerAll() {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (ContractTopic topic : ContractTopic.values()) {
            ids.put(topic.subject(), register(topic.subject(), topic));
            if (topic.direction() == ContractTopic.Direction.CONSUMED) {
                // A record that failed for its own sake is re-encoded onto <topic>-dlt (KafkaErrorHandling): that
                // subject must be there too, under the same rule, since the service does not register.
                String deadLetters = Topics.deadLetter(topic.topic()) + "-value";
                ids.put(deadLetters, register(deadLetters, topic));
            }
        }
        return ids;
    }

    /**
     * The rule first, so that it already judges this version when the subject exists; a subject that does not
     * exist yet takes the rule too (the registry keeps it for the subject's first version).
     */
    private int register(String subject, ContractTopic topic) {
        send("PUT", "config/" + subject, Map.of("compatibility", topic.compatibility().name()));
        JsonNode registered = send("POST", "subjects/" + subject + "/versions",
                Map.of("schemaType", "AVRO", "schema", topic.valueSchema().toString()));
        int id = registered.get("id").asInt();
        log.info("registry subject {}: rule {}, this build's {} is schema id {}", subject, topic.compatibility(),
                topic.valueSchema().getName(), id);
        return id;
    }

    /**
     * Instances that start side by side register at the same moment; the registry then refuses the loser's create
     * of a rule or subject with 409 "already exists", where a moment later the same call is an update or finds the
     * same schema. That refusal is answered by asking once more; any other refusal (a schema that breaks the rule)
     * stands.
     */
    private JsonNode send(String method, String path, Map<String, String> body) {
        try {
            return sendOnce(method, path, body);
        } catch (ConcurrentCreation lostRace) {
            log.info("registry: {} {} raced another instance ({}); asking again", method, path, lostRace.getMessage());
            return sendOnce(method, path, body);
        }
    }

    /** The registry refused to create what another caller created a moment before. */
    private static final class ConcurrentCreation extends IllegalStateException {
        ConcurrentCreation(String message) {
            super(message);
        }
    }

    private JsonNode sendOnce(String method, String path, Map<String, String> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(confluentCompatibleUrl.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", CONTENT_TYPE)
                    .header("Accept", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 409 && response.body().contains("already exists")) {
                throw new ConcurrentCreation(response.body());
            }
            if (response.statusCode() / 100 != 2) {
                // 409: the schema breaks the subject's rule; the registry's message names the field.
                throw new IllegalStateException("registry refused " + method + " " + path + " (HTTP "
                        + response.statusCode() + "): " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("registry not reachable at " + confluentCompatibleUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the registry", e);
        }
    }
}
