package com.licensemanager.app.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.licensemanager.platform.LicensingProperties;
import com.licensemanager.platform.registry.ContractRegistration;
import com.licensemanager.platform.registry.RegistrySerdes;
import com.licensemanager.schemas.contract.ContractTopic;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.UnitState;
import com.licensemanager.schemas.licensing.UnitStatus;
import com.licensemanager.localstack.SchemaRegistryProcess;
import com.licensemanager.testsupport.TestInfrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deployment's registry step against the real Apicurio Registry, seen through the API other teams use. */
class RegistryContractIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestInfrastructure infrastructure;
    private static Map<String, Integer> registered;
    private static Map<String, Integer> registeredAgain;

    @BeforeAll
    static void runTheRegistryStepTwice() {
        infrastructure = TestInfrastructure.get();
        RegistryContractSetup.main(new String[]{infrastructure.schemaRegistryUrl()});
        registered = new ContractRegistration(infrastructure.schemaRegistryCcompatUrl()).registerAll();
        registeredAgain = new ContractRegistration(infrastructure.schemaRegistryCcompatUrl()).registerAll();
    }

    @Test
    void everySubjectIsNamedAfterItsTopicAndHoldsThisBuildsSchemaUnderTheTopicsRule() throws Exception {
        for (ContractTopic topic : ContractTopic.values()) {
            String subject = topic.topic() + "-value";
            JsonNode config = get("config/" + subject);
            assertThat(config.get("compatibilityLevel").asText()).as(subject).isEqualTo(topic.compatibility().name());
            // Looked up by content, as a Confluent client checks a schema: this build's, self-contained.
            HttpResponse<String> found = post("subjects/" + subject,
                    JSON.writeValueAsString(Map.of("schema", topic.valueSchema().toString())));
            assertThat(found.statusCode()).as(subject).isEqualTo(200);
            JsonNode version = JSON.readTree(found.body());
            assertThat(version.get("id").asInt()).as(subject).isEqualTo(registered.get(subject));
            JsonNode byId = get("schemas/ids/" + registered.get(subject));
            assertThat(new Schema.Parser().parse(byId.get("schema").asText())).as(subject)
                    .isEqualTo(topic.valueSchema());
        }
        // Running the step again registers nothing new: the same schema is the same version.
        assertThat(registeredAgain).isEqualTo(registered);
    }

    /**
     * Service instances started side by side (the chaos run starts two) run the step at the same moment on a
     * registry that has none of the subjects yet: both must succeed, with the same schema ids.
     */
    @Test
    void twoInstancesRegisteringAtOnceOnAFreshRegistryBothSucceed() throws Exception {
        try (SchemaRegistryProcess fresh = SchemaRegistryProcess.launch()) {
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                List<Future<Map<String, Integer>>> runs = instances.invokeAll(List.of(
                        () -> new ContractRegistration(fresh.ccompatUrl()).registerAll(),
                        () -> new ContractRegistration(fresh.ccompatUrl()).registerAll()));
                assertThat(runs.get(0).get()).isNotEmpty().isEqualTo(runs.get(1).get());
            } finally {
                instances.shutdownNow();
            }
        }
    }

    @Test
    void theRegistryRefusesAnOutcomeAddedToTheResultUnionPointingAtTheField() throws Exception {
        ObjectNode result = (ObjectNode) JSON.readTree(LicenseResult.getClassSchema().toString());
        for (JsonNode field : result.get("fields")) {
            if (field.get("name").asText().equals("outcome")) {
                ((ArrayNode) field.get("type")).add(JSON.readTree(
                        "{\"type\": \"record\", \"name\": \"UnitRenamed\", \"fields\": [{\"name\": \"mac\", \"type\": \"string\"}]}"));
            }
        }

        HttpResponse<String> refused = post("subjects/licensing.license-results.v1-value/versions",
                JSON.writeValueAsString(Map.of("schema", result.toString())));

        assertThat(refused.statusCode()).isEqualTo(409);
        // Apicurio names the field by its place in the schema: field 5 of LicenseResult, the outcome union.
        int outcome = LicenseResult.getClassSchema().getField("outcome").pos();
        assertThat(refused.body()).contains("reader union lacking writer type: RECORD at /fields/" + outcome + "/type");
    }

    @Test
    void aSerializerConfiguredAsTheServiceFindsTheRegisteredSchemaAndRegistersNothing() {
        UnitState unit = UnitState.newBuilder().setMac("00-90-33-00-00-01").setDisplayedMac("00-90-33-00-00-01")
                .setModel("IP811").setStatus(UnitStatus.OK)
                .setLicenses(List.of()).setVersion(1).setUpdatedAt(Instant.now()).build();

        byte[] framed = serviceSerializer().serialize("licensing.units.v1", unit);

        ByteBuffer frame = ByteBuffer.wrap(framed);
        assertThat(frame.get()).as("magic byte").isZero();
        assertThat(frame.getInt()).isEqualTo(registered.get("licensing.units.v1-value"));
        // A topic the registry step knows nothing of: the service must not register it on its own.
        assertThatThrownBy(() -> serviceSerializer().serialize("licensing.not-in-the-contract.v1", unit))
                .isInstanceOf(RuntimeException.class);
    }

    /** Configured as the service's relay and dead-letter producers are, with the default of auto-register. */
    private static AvroKafkaSerializer<SpecificRecord> serviceSerializer() {
        AvroKafkaSerializer<SpecificRecord> serializer = new AvroKafkaSerializer<>();
        LicensingProperties licensing = new Binder(new MapConfigurationPropertySource(Map.of(
                "licensing.schema-registry.url", infrastructure.schemaRegistryUrl())))
                .bind("licensing", LicensingProperties.class).get();
        serializer.configure(RegistrySerdes.producerConfig(licensing.schemaRegistry().registryApiUrl(),
                licensing.schemaRegistry().autoRegister()), false);
        return serializer;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(infrastructure.schemaRegistryCcompatUrl() + "/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(infrastructure.schemaRegistryCcompatUrl() + "/" + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
