package org.tokensuite.infra;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The house rules across the whole suite, checked on the services' own (main) classes, which infra
 * has on its test classpath: services share only token-api, token-api stays free of frameworks,
 * nobody hides a grab bag behind *Util/*Helper/*Manager, and infra's packages depend on each other
 * in one direction only.
 */
class ArchitectureTest {

    /** Each service's root package, by the module that owns it. */
    private static final Map<String, String> SERVICES = Map.of(
            "token-command", "org.tokensuite.command..",
            "token-query", "org.tokensuite.query..",
            "audit-projector", "org.tokensuite.audit..",
            "lifecycle-listener", "org.tokensuite.lifecycle..");

    private static JavaClasses suite;

    @BeforeAll
    static void importTheSuitesMainClasses() {
        suite = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tokensuite");
    }

    @Test
    void everyServiceAndTheSharedContractIsOnTheClasspathToBeChecked() {
        // Without this the rules below would pass vacuously if a jar went missing.
        for (String root : List.of("org.tokensuite.command", "org.tokensuite.query", "org.tokensuite.audit",
                "org.tokensuite.lifecycle", "org.tokensuite.api", "org.tokensuite.infra")) {
            assertThat(suite.stream().anyMatch(c -> c.getPackageName().startsWith(root))).as(root).isTrue();
        }
    }

    @Test
    void noServiceDependsOnAnotherServicesClasses() {
        for (Map.Entry<String, String> service : SERVICES.entrySet()) {
            String[] others = SERVICES.values().stream().filter(p -> !p.equals(service.getValue())).toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage(service.getValue())
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because(service.getKey() + " talks to the other services only over Kafka and HTTP, sharing only token-api");
            rule.check(suite);
        }
    }

    @Test
    void theLauncherDependsOnNoServiceClasses() {
        noClasses().that().resideInAPackage("org.tokensuite.infra..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.values().toArray(String[]::new))
                .because("infra runs the services as processes from their exec jars")
                .check(suite);
    }

    @Test
    void infrasPackagesFormNoCycle() {
        // The launcher's own package is a slice too: a sub-package it uses (the API client) must not use it back.
        SliceAssignment byFirstSubPackage = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (name.equals("org.tokensuite.infra")) {
                    return SliceIdentifier.of("org.tokensuite.infra (the launcher)");
                }
                if (name.startsWith("org.tokensuite.infra.")) {
                    String first = name.substring("org.tokensuite.infra.".length()).split("\\.")[0];
                    return SliceIdentifier.of("org.tokensuite.infra." + first);
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "org.tokensuite.infra and each of its first sub-packages";
            }
        };
        slices().assignedFrom(byFirstSubPackage).should().beFreeOfCycles()
                .because("a cycle between packages makes them one package in all but name")
                .check(suite);
    }

    @Test
    void theSharedContractDependsOnNoWebOrPersistenceFramework() {
        noClasses().that().resideInAPackage("org.tokensuite.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.servlet..", "jakarta.persistence..", "javax.servlet..",
                        "javax.persistence..", "org.hibernate..")
                .because("token-api is the contract every service shares; it must not drag a framework along")
                .check(suite);
    }

    @Test
    void noClassIsNamedUtilHelperOrManager() {
        noClasses().should().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Manager")
                .because("house style: one reason to change per class, named for what it does")
                .check(suite);
    }
}
