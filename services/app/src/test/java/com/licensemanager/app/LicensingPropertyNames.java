package com.licensemanager.app;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@code licensing.*} property the service reads, as its properties records declare it (the one place the
 * defaults live): the list the README's table and the compose file are checked against.
 */
final class LicensingPropertyNames {

    private LicensingPropertyNames() {
    }

    static Set<String> declared() {
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
}
