package com.licensemanager.schemas.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.warehouse.UnitShipped;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's compatibility gate: no schema ships that a reader of a released contract, or we reading what a
 * released producer wrote, could not decode. To release: copy src/main/avro to released/&lt;next number&gt;.
 */
class CompatibilityGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Topics that came after release 1 was published (issue 17's reminders and history). */
    static final Set<ContractTopic> ADDED_SINCE_RELEASE_1 = Set.of(ContractTopic.MOVE_DEADLINE_REMINDERS,
            ContractTopic.HISTORY);

    private static CompatibilityGate gate;

    @BeforeAll
    static void readReleases() {
        gate = CompatibilityGate.ofReleasesIn(CompatibilityGate.RELEASES);
    }

    @Test
    void everyTopicsSchemaIsCompatibleWithEveryReleaseUnderItsRule() {
        assertThat(gate.releases()).containsKey(1);
        for (ContractTopic topic : ContractTopic.values()) {
            // A topic added since release 1 has nothing to be compatible with there; every other one must be held
            // to its release-1 schema, so a schema missing from the release by mistake cannot slip through.
            assertThat(gate.releases().get(1).containsKey(topic.valueSchema().getFullName()))
                    .as("release 1 has the value schema of " + topic.topic())
                    .isEqualTo(!ADDED_SINCE_RELEASE_1.contains(topic));
            assertThat(gate.violations(topic, topic.valueSchema())).as(topic.topic()).isEmpty();
        }
    }

    @Test
    void anOutcomeAddedToThePublishedOutcomeUnionIsRefusedNamingTheField() throws IOException {
        ObjectNode result = json(LicenseResult.getClassSchema());
        ArrayNode outcomes = (ArrayNode) field(result, "outcome").get("type");
        outcomes.add(JSON.readTree("""
                {"type": "record", "name": "UnitRenamed", "fields": [{"name": "mac", "type": "string"}]}"""));

        List<String> violations = gate.violations(ContractTopic.LICENSE_RESULTS, schema(result));

        // A portal on release 1 would fail on such a result: exactly what FULL_TRANSITIVE is there to stop.
        assertThat(violations).singleElement().asString()
                .contains("licensing.license-results.v1 (FULL_TRANSITIVE) against release 1")
                .contains("a release-1 reader cannot read what the new schema writes")
                .contains("field LicenseResult.outcome")
                .contains("MISSING_UNION_BRANCH");
    }

    @Test
    void aRequiredFieldAddedToAConsumedSchemaIsRefusedNamingTheField() throws IOException {
        ObjectNode shipped = json(UnitShipped.getClassSchema());
        ((ArrayNode) shipped.get("fields")).add(JSON.readTree("""
                {"name": "palletId", "type": "string"}"""));

        List<String> violations = gate.violations(ContractTopic.UNITS_SHIPPED, schema(shipped));

        // Shipments the warehouse sent under release 1 have no palletId: we could no longer read them.
        assertThat(violations).singleElement().asString()
                .contains("warehouse.units-shipped.v1 (BACKWARD_TRANSITIVE) against release 1")
                .contains("the new schema cannot read what release 1 wrote")
                .contains("field UnitShipped.palletId")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void anOptionalFieldAddedToAPublishedSchemaPasses() throws IOException {
        ObjectNode result = json(LicenseResult.getClassSchema());
        ((ArrayNode) result.get("fields")).add(JSON.readTree("""
                {"name": "note", "type": ["null", "string"], "default": null}"""));

        assertThat(gate.violations(ContractTopic.LICENSE_RESULTS, schema(result))).isEmpty();
    }

    @Test
    void theTopicContractDocumentsEveryTopicsRule() throws IOException {
        // docs/topics.md is what the other teams read: its table must say what the gate and the registry enforce.
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z.-]+\\.v\\d+)`[^|]*\\|[^|]*\\|[^|]*\\| `?([A-Z_]+)`? \\|")
                .matcher(Files.readString(Path.of("..", "docs", "topics.md")));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> enforced = new LinkedHashMap<>();
        for (ContractTopic topic : ContractTopic.values()) {
            enforced.put(topic.topic(), topic.compatibility().name());
        }
        assertThat(documented).isEqualTo(enforced);
    }

    private static ObjectNode json(Schema schema) throws IOException {
        return (ObjectNode) JSON.readTree(schema.toString());
    }

    private static ObjectNode field(ObjectNode record, String name) {
        for (var field : record.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return (ObjectNode) field;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Schema schema(ObjectNode json) {
        return new Schema.Parser().parse(json.toString());
    }
}
