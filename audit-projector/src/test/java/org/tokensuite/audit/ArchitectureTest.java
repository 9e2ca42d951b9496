package org.tokensuite.audit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.tokensuite.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dependsOnNoOtherService = noClasses().that().resideInAPackage("org.tokensuite.audit..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.tokensuite.command..", "org.tokensuite.query..", "org.tokensuite.lifecycle..",
                    "org.tokensuite.infra..", "org.tokensuite.testsupport..");

    @ArchTest
    static final ArchRule noVagueClassNames = noClasses().that().resideInAPackage("org.tokensuite.audit..")
            .should().haveSimpleNameEndingWith("Util")
            .orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Manager");

    @ArchTest
    static final ArchRule noFieldInjection = noClasses().that().resideInAPackage("org.tokensuite.audit..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.beans.factory.annotation.Value");

    /** Packages by role depend one way: a cycle means two roles that cannot change apart. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tokensuite.audit.(*)..").should().beFreeOfCycles();
}
