package com.licensemanager.schemas.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.licensemanager.schemas.licensing.LicenseResult;
import com.licensemanager.schemas.licensing.UnitState;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team that built its reader against release 1 and never upgraded: it decodes everything we publish now, and
 * it keeps decoding results when a command with a new outcome is added the way LicenseResult's doc prescribes.
 */
class ReleaseOneReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Schema> releaseOne;

    @BeforeAll
    static void readReleaseOne() {
        releaseOne = CompatibilityGate.ofReleasesIn(CompatibilityGate.RELEASES).releases().get(1);
    }

    @Test
    void aReleaseOneReaderDecodesEveryPublishedTypeWithEveryOutcomeAndStatus() throws IOException {
        Set<String> outcomesSeen = new HashSet<>();
        for (ContractTopic topic : ContractTopic.values()) {
            if (topic.direction() != ContractTopic.Direction.PUBLISHED
                    || CompatibilityGateTest.ADDED_SINCE_RELEASE_1.contains(topic)) {
                continue;
            }
            Schema now = topic.valueSchema();
            Schema reader = releaseOne.get(now.getFullName());
            for (Object written : SampleData.covering(now)) {
                GenericRecord read = decode(encode(now, written), now, reader);
                assertSameValues(reader, read, (GenericRecord) written, topic.topic());
                if (read.hasField("outcome") && read.get("outcome") instanceof GenericRecord outcome) {
                    outcomesSeen.add(outcome.getSchema().getName());
                }
            }
        }
        // Every outcome of the current union went through the release-1 reader, not just the first branch.
        assertThat(outcomesSeen).containsExactlyInAnyOrderElementsOf(
                LicenseResult.getClassSchema().getField("outcome").schema().getTypes().stream()
                        .filter(type -> type.getType() == Schema.Type.RECORD).map(Schema::getName).toList());
    }

    @Test
    void aResultOfACommandAddedLaterIsDecodedByAReleaseOneReader() throws IOException {
        // A release-2 candidate built by the documented rule: the new outcome is a field of its own.
        ObjectNode json = (ObjectNode) JSON.readTree(LicenseResult.getClassSchema().toString());
        ((ArrayNode) json.get("fields")).add(JSON.readTree("""
                {"name": "unitRenamed", "default": null, "type": ["null", {"type": "record", "name": "UnitRenamed",
                  "fields": [{"name": "mac", "type": "string"}, {"name": "name", "type": "string"}]}]}"""));
        Schema releaseTwo = new Schema.Parser().parse(json.toString());
        assertThat(CompatibilityGate.ofReleasesIn(CompatibilityGate.RELEASES)
                .violations(ContractTopic.LICENSE_RESULTS, releaseTwo)).isEmpty();

        GenericRecord renamed = new GenericData.Record(releaseTwo.getField("unitRenamed").schema().getTypes().get(1));
        renamed.put("mac", "00-90-33-00-00-01");
        renamed.put("name", "reception");
        GenericRecord result = new GenericData.Record(releaseTwo);
        result.put("requestId", "request-7");
        result.put("actingAccount", "alice");
        result.put("command", "RenameUnit");
        result.put("accepted", true);
        result.put("rejections", List.of());
        result.put("outcome", null);
        result.put("unitRenamed", renamed);

        GenericRecord read = decode(encode(releaseTwo, result), releaseTwo,
                releaseOne.get(LicenseResult.getClassSchema().getFullName()));

        assertThat(read.get("requestId")).hasToString("request-7");
        assertThat(read.get("command")).hasToString("RenameUnit");
        assertThat(read.get("accepted")).isEqualTo(true);
        assertThat(read.get("outcome")).isNull();
        assertThat(read.getSchema().getField("unitRenamed")).isNull();
    }

    @Test
    void aReaderBuiltNowReadsAUnitStatusAddedLaterAsOk() throws IOException {
        // What the default added to UnitStatus buys from now on. Release-1 readers have no default, so the gate still
        // refuses the new symbol (docs/topics.md, "Evolving the schemas").
        Schema later = new Schema.Parser().parse(UnitState.getClassSchema().toString()
                .replace("\"symbols\":[\"OK\",\"RMA\"]", "\"symbols\":[\"OK\",\"RMA\",\"SCRAPPED\"]"));
        GenericRecord scrapped = (GenericRecord) SampleData.covering(later).get(0);
        scrapped.put("status", new GenericData.EnumSymbol(later.getField("status").schema(), "SCRAPPED"));

        GenericRecord read = decode(encode(later, scrapped), later, UnitState.getClassSchema());

        assertThat(read.get("status")).hasToString("OK");
        assertThat(CompatibilityGate.ofReleasesIn(CompatibilityGate.RELEASES)
                .violations(ContractTopic.UNITS, later)).singleElement().asString()
                .contains("field UnitState.status").contains("MISSING_ENUM_SYMBOLS");
    }

    /** Every field the reader knows has the value that was written, recursively (records, arrays, unions). */
    private static void assertSameValues(Schema reader, Object read, Object written, String where) {
        if (read instanceof GenericRecord readRecord && written instanceof GenericRecord writtenRecord) {
            assertThat(readRecord.getSchema().getFullName()).as(where).isEqualTo(writtenRecord.getSchema().getFullName());
            for (Schema.Field field : readRecord.getSchema().getFields()) {
                assertSameValues(field.schema(), readRecord.get(field.name()), writtenRecord.get(field.name()),
                        where + "." + field.name());
            }
        } else if (read instanceof List<?> readList && written instanceof List<?> writtenList) {
            assertThat(readList).as(where).hasSameSizeAs(writtenList);
            for (int i = 0; i < readList.size(); i++) {
                assertSameValues(reader, readList.get(i), writtenList.get(i), where + "[" + i + "]");
            }
        } else {
            assertThat(String.valueOf(read)).as(where).isEqualTo(String.valueOf(written));
        }
    }

    static byte[] encode(Schema writer, Object datum) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<>(writer).write(datum, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    static GenericRecord decode(byte[] bytes, Schema writer, Schema reader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
