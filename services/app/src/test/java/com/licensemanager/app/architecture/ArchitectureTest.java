package com.licensemanager.app.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module boundaries of docs/architecture.md, checked on the product's compiled classes (the service jar's
 * modules; tests, the test infrastructure and the generated jOOQ classes left out).
 */
class ArchitectureTest {

    private static final String ROOT = "com.licensemanager";
    /** The feature modules: each reads one topic (or timer) and decides; none may use another. */
    private static final List<String> FEATURES = List.of("fulfilment", "unitregister", "requests", "rma",
            "movedeadlines");
    private static final String STATE = ROOT + ".state..";
    private static final String PLATFORM = ROOT + ".platform..";
    private static final String RULES = ROOT + ".licensing..";
    private static final String GENERATED_TABLES = ROOT + ".platform.db..";

    private static JavaClasses product;

    @BeforeAll
    static void importProductClasses() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ArchitectureTest::notTestInfrastructure)
                .importPackages(ROOT);
    }

    private static boolean notTestInfrastructure(Location location) {
        return !location.contains("/com/licensemanager/testsupport/");
    }

    @Test
    void everyModuleIsImported() {
        // A rule over classes that were never imported passes vacuously: make sure each module is there.
        for (String module : List.of("licensing", "platform", "state", "fulfilment", "unitregister", "requests",
                "rma", "movedeadlines", "app")) {
            assertThat(product.containPackage(ROOT + "." + module)).as(module).isTrue();
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)")
                .should().beFreeOfCycles()
                // jOOQ's generated schema classes refer to each other by design (Tables, Keys, tables, records).
                .ignoreDependency(resideInAPackage(GENERATED_TABLES), resideInAPackage(GENERATED_TABLES))
                .check(product);
    }

    @Test
    void noFeatureDependsOnAnother() {
        for (String feature : FEATURES) {
            String[] others = FEATURES.stream().filter(other -> !other.equals(feature))
                    .map(other -> ROOT + "." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("features use each other only through the licensing state or the platform")
                    .check(product);
        }
    }

    @Test
    void theRulesDependOnTheJdkAlone() {
        classes().that().resideInAPackage(RULES)
                .should().onlyDependOnClassesThat().resideInAnyPackage(RULES, "java..")
                .because("the licensing rules are pure: testable without Spring, Kafka or a database")
                .check(product);
    }

    @Test
    void thePlatformKnowsNoFeatureAndNoLicensingState() {
        noClasses().that().resideInAPackage(PLATFORM)
                .should().dependOnClassesThat().resideInAnyPackage(featuresAnd(STATE))
                .because("the platform is the messaging mechanism every feature shares")
                .check(product);
    }

    @Test
    void theLicensingStateKnowsNoFeature() {
        noClasses().that().resideInAPackage(STATE)
                .should().dependOnClassesThat().resideInAnyPackage(featuresAnd())
                .check(product);
    }

    @Test
    void onlyTheLauncherOfLocalRunsUsesTheLocalStack() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".localstack..", ROOT + ".app..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".localstack..")
                .because("the local stack starts components for development and tests; the service never needs it")
                .check(product);
    }

    @Test
    void onlyTheLicensingStateTouchesTheLicensingTables() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages(STATE, GENERATED_TABLES)
                .should().dependOnClassesThat(licensingTables())
                .because("the licensing state module owns its tables: one repository per group of tables");
        rule.check(product);
    }

    private static DescribedPredicate<JavaClass> licensingTables() {
        List<String> tables = List.of("Account", "AccountGroup", "Balance", "BalanceOwnerState", "ActivationKey",
                "ActivationKeyLicense", "RedemptionFailure", "Unit", "UnitLicense", "LicenseFile",
                "UnitStatusChange", "LicenseMove", "LicenseMoveLine", "HistoryEntry");
        return DescribedPredicate.describe("licensing tables (" + tables + ")",
                cls -> (cls.getPackageName().equals(ROOT + ".platform.db.tables")
                        && tables.contains(cls.getSimpleName()))
                        || (cls.getPackageName().equals(ROOT + ".platform.db.tables.records")
                        && tables.contains(cls.getSimpleName().replaceFirst("Record$", ""))));
    }

    private static String[] featuresAnd(String... more) {
        String[] features = FEATURES.stream().map(feature -> ROOT + "." + feature + "..").toArray(String[]::new);
        String[] all = Arrays.copyOf(features, features.length + more.length);
        System.arraycopy(more, 0, all, features.length, more.length);
        return all;
    }
}
