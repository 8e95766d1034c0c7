package com.licensemanager.schemas.contract;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks a topic's schema against every released version of it under the topic's rule, with Avro's own
 * {@link SchemaCompatibility} (the same resolution a reader applies at run time), and says which field breaks.
 */
final class CompatibilityGate {

    /** schemas/released/&lt;release&gt;/: the contract as published, one directory per release, never edited. */
    static final Path RELEASES = Path.of("released");

    private final Map<Integer, Map<String, Schema>> releases;

    private CompatibilityGate(Map<Integer, Map<String, Schema>> releases) {
        this.releases = releases;
    }

    static CompatibilityGate ofReleasesIn(Path directory) {
        Map<Integer, Map<String, Schema>> releases = new TreeMap<>();
        try (Stream<Path> children = Files.list(directory)) {
            for (Path release : children.filter(Files::isDirectory).toList()) {
                releases.put(Integer.parseInt(release.getFileName().toString()), parseTree(release));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CompatibilityGate(releases);
    }

    Map<Integer, Map<String, Schema>> releases() {
        return releases;
    }

    /** Every named schema of an .avsc tree by full name; references between files resolve in any order. */
    static Map<String, Schema> parseTree(Path root) {
        SchemaParser parser = new SchemaParser();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                parser.parse(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parser.getParsedNamedSchemas().stream()
                .collect(Collectors.toMap(Schema::getFullName, Function.identity()));
    }

    /** What keeps {@code candidate}, the topic's value schema as it would ship now, from shipping; empty if nothing. */
    List<String> violations(ContractTopic topic, Schema candidate) {
        List<String> violations = new ArrayList<>();
        releases.forEach((release, schemas) -> {
            Schema released = schemas.get(candidate.getFullName());
            if (released == null) {
                return; // the topic's value type did not exist in that release
            }
            String where = topic.topic() + " (" + topic.compatibility() + ") against release " + release;
            check(candidate, released, where + ": the new schema cannot read what release " + release + " wrote",
                    violations);
            if (topic.compatibility().oldReadersMustReadNewWriters()) {
                check(released, candidate, where + ": a release-" + release + " reader cannot read what the new "
                        + "schema writes", violations);
            }
        });
        return violations;
    }

    private static void check(Schema reader, Schema writer, String what, List<String> violations) {
        SchemaCompatibility.SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            violations.add(what + ": field " + fieldPath(reader, incompatibility.getLocation()) + ": "
                    + incompatibility.getType() + " (" + incompatibility.getMessage() + ")");
        }
    }

    /**
     * The JSON pointer Avro reports ({@code /fields/5/type/2/fields/1/type}) in the domain's words
     * ({@code LicenseResult.outcome → LicensesMoved.deadline}), walked along the reader schema.
     */
    static String fieldPath(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        Schema at = reader;
        String[] steps = location.split("/");
        for (int i = 0; i < steps.length; i++) {
            String step = steps[i];
            if (step.isEmpty() || step.equals("type") || at == null) {
                continue;
            }
            switch (step) {
                case "fields" -> {
                    if (i + 1 < steps.length && at.getType() == Schema.Type.RECORD) {
                        Schema.Field field = at.getFields().get(Integer.parseInt(steps[++i]));
                        names.add(at.getName() + "." + field.name());
                        at = field.schema();
                    }
                }
                case "items" -> at = at.getType() == Schema.Type.ARRAY ? at.getElementType() : null;
                case "values" -> at = at.getType() == Schema.Type.MAP ? at.getValueType() : null;
                default -> {
                    if (at.getType() == Schema.Type.UNION && step.chars().allMatch(Character::isDigit)) {
                        int branch = Integer.parseInt(step);
                        at = branch < at.getTypes().size() ? at.getTypes().get(branch) : null;
                    } else {
                        names.add(step);
                    }
                }
            }
        }
        return names.isEmpty() ? reader.getName() + " (" + location + ")" : String.join(" → ", names);
    }
}
