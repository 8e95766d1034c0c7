package com.licensemanager.schemas.contract;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The schemas are the other teams' reference: no record, enum or field without a doc. */
class DocumentationTest {

    @Test
    void everyRecordEnumAndFieldOfTheContractHasADoc() {
        List<String> undocumented = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (ContractTopic topic : ContractTopic.values()) {
            collectUndocumented(topic.valueSchema(), undocumented, visited);
        }
        assertThat(visited).as("records and enums visited").hasSizeGreaterThan(40);
        assertThat(undocumented).isEmpty();
    }

    private static void collectUndocumented(Schema schema, List<String> undocumented, Set<String> visited) {
        switch (schema.getType()) {
            case RECORD, ENUM -> {
                if (!visited.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    undocumented.add(schema.getFullName());
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    for (Schema.Field field : schema.getFields()) {
                        if (isBlank(field.doc())) {
                            undocumented.add(schema.getFullName() + "." + field.name());
                        }
                        collectUndocumented(field.schema(), undocumented, visited);
                    }
                }
            }
            case UNION -> schema.getTypes().forEach(type -> collectUndocumented(type, undocumented, visited));
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented, visited);
            case MAP -> collectUndocumented(schema.getValueType(), undocumented, visited);
            default -> {
            }
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }
}
