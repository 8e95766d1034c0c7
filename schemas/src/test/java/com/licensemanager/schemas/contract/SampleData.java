package com.licensemanager.schemas.contract;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values of a schema that, together, take every branch of every union and every symbol of every enum, so a test
 * over them meets each outcome, command and status at least once.
 */
final class SampleData {

    private SampleData() {
    }

    static List<Object> covering(Schema schema) {
        int variants = widestChoice(schema, new ArrayList<>());
        List<Object> values = new ArrayList<>();
        for (int variant = 0; variant < variants; variant++) {
            values.add(value(schema, variant));
        }
        return values;
    }

    private static int widestChoice(Schema schema, List<String> seen) {
        return switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    yield 1;
                }
                seen.add(schema.getFullName());
                yield schema.getFields().stream().mapToInt(f -> widestChoice(f.schema(), seen)).max().orElse(1);
            }
            case UNION -> Math.max(schema.getTypes().size(),
                    schema.getTypes().stream().mapToInt(t -> widestChoice(t, seen)).max().orElse(1));
            case ENUM -> schema.getEnumSymbols().size();
            case ARRAY -> widestChoice(schema.getElementType(), seen);
            case MAP -> widestChoice(schema.getValueType(), seen);
            default -> 1;
        };
    }

    private static Object value(Schema schema, int variant) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericRecord record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), variant));
                }
                yield record;
            }
            case UNION -> value(schema.getTypes().get(variant % schema.getTypes().size()), variant);
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(variant % schema.getEnumSymbols().size()));
            case ARRAY -> new GenericData.Array<>(schema, List.of(value(schema.getElementType(), variant)));
            case MAP -> Map.of("key" + variant, value(schema.getValueType(), variant));
            case STRING -> "text-" + variant;
            case INT -> 10 + variant;
            case LONG -> 1_767_225_600_000L + variant;
            case BOOLEAN -> variant % 2 == 0;
            case DOUBLE -> 0.5 + variant;
            case FLOAT -> 0.25f + variant;
            case BYTES -> ByteBuffer.wrap(new byte[]{(byte) variant});
            case NULL -> null;
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
        };
    }
}
