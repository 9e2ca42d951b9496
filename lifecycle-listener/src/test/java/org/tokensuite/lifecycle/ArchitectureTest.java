package org.tokensuite.lifecycle;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.tokensuite.lifecycle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule talksToOtherServicesOnlyThroughTheSharedContract = noClasses()
            .that().resideInAPackage("org.tokensuite.lifecycle..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.tokensuite.command..", "org.tokensuite.query..", "org.tokensuite.audit..",
                    "org.tokensuite.testsupport..");

    @ArchTest
    static final ArchRule hasNoCatchAllClassNames = noClasses()
            .should().haveSimpleNameEndingWith("Util")
            .orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Manager");

    @ArchTest
    static final ArchRule usesNoFieldInjection = noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.beans.factory.annotation.Autowired");

    /** Packages by role depend one way: a cycle means two roles that cannot change apart. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tokensuite.lifecycle.(*)..").should().beFreeOfCycles();
}
