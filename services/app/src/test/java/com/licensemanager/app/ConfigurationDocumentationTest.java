package com.licensemanager.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
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
        Set<String> declared = LicensingPropertyNames.declared();
        Set<String> documented = documentedProperties();
        assertThat(declared).as("properties of the records").isNotEmpty()
                .contains("licensing.requests.concurrency", "licensing.moves.deadline");
        assertThat(documented).as("licensing.* properties in the README's configuration table")
                .containsExactlyInAnyOrderElementsOf(declared);
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
