package org.tokensuite.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.tokensuite.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherServiceIsImported = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.tokensuite.command..", "org.tokensuite.audit..", "org.tokensuite.lifecycle..",
                    "org.tokensuite.infra..");

    @ArchTest
    static final ArchRule noVagueClassNames = noClasses().should()
            .haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Helper").orShould().haveSimpleNameEndingWith("Manager");

    @ArchTest
    static final ArchRule theIndexKnowsNothingOfTheWeb = noClasses().that().resideInAPackage("..index..")
            .should().dependOnClassesThat().resideInAnyPackage("..web..", "org.springframework.web..");

    /** Packages by role depend one way: a cycle means two roles that cannot change apart. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tokensuite.query.(*)..").should().beFreeOfCycles();
}
