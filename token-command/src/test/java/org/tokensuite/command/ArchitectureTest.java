package org.tokensuite.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tokensuite.command");
    }

    @Test
    void dependsOnNoOtherServicesCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.tokensuite.query..", "org.tokensuite.audit..", "org.tokensuite.lifecycle..")
                .check(classes);
    }

    @Test
    void theWebLayerDoesNotReachIntoAggregates() {
        noClasses().that().resideInAPackage("org.tokensuite.command.web..")
                .should().dependOnClassesThat().areAnnotatedWith(Aggregate.class)
                .check(classes);
    }

    @Test
    void aggregatesDoNotDependOnTheWebOrStorage() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should().onlyDependOnClassesThat()
                .resideOutsideOfPackages("org.tokensuite.command.web..", "org.tokensuite.command.user..",
                        "org.springframework.jdbc..", "org.springframework.web..")
                .check(classes);
    }

    @Test
    void noClassIsNamedUtilHelperOrManager() {
        noClasses().should().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Manager")
                .check(classes);
    }

    /** Packages by role depend one way: a cycle means two roles that cannot change apart. */
    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.tokensuite.command.(*)..").should().beFreeOfCycles().check(classes);
    }
}
