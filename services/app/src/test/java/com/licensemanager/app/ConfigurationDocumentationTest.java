package com.licensemanager.app;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table is the one list of what a user may set: every {@code licensing.*} property of
 * the properties records is in it, and it names none that no record has.
 */
class ConfigurationDocumentationTest {

    private static final Pattern NAME = Pattern.compile("`([a-z.][a-z0-9.-]*)`");

    @Test
    void theReadmeListsEveryLicensingPropertyAndNoOther() throws IOException {
        Set<String> declared = declaredProperties();
        Set<String> documented = documentedProperties();
        assertThat(declared).as("properties of the records").isNotEmpty()
                .contains("licensing.requests.concurrency", "licensing.moves.deadline");
        assertThat(documented).as("licensing.* properties in the README's configuration table")
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    /** Every {@code licensing.*} property the properties records declare (ComposeConfigurationTest uses it too). */
    static Set<String> declaredProperties() {
        Set<String> names = new TreeSet<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.licensemanager").stream()
                .filter(cls -> cls.isAnnotatedWith(ConfigurationProperties.class))
                .map(JavaClass::reflect)
                .forEach(type -> collect(type.getAnnotation(ConfigurationProperties.class).value(), type, names));
        return names;
    }

    /** Nested records are groups of properties (licensing.relay.*); every other component is one property. */
    private static void collect(String prefix, Class<?> type, Set<String> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            if (component.getType().isRecord()) {
                collect(name, component.getType(), names);
            } else {
                names.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** In a row, {@code `licensing.a.b` / `.c`} names licensing.a.b and licensing.a.c. */
    private static Set<String> documentedProperties() throws IOException {
        String readme = Files.readString(Repository.root().resolve("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
        Set<String> names = new TreeSet<>();
        for (String row : table.lines().filter(line -> line.startsWith("| `")).toList()) {
            String firstCell = row.substring(1, row.indexOf('|', 1));
            Matcher matcher = NAME.matcher(firstCell);
            String first = null;
            while (matcher.find()) {
                String name = matcher.group(1);
                if (first == null) {
                    first = name;
                    names.add(name);
                } else if (name.startsWith(".")) {
                    names.add(first.substring(0, first.lastIndexOf('.')) + name);
                } else {
                    names.add(name);
                }
            }
        }
        names.removeIf(name -> !name.startsWith("licensing."));
        return names;
    }
}
