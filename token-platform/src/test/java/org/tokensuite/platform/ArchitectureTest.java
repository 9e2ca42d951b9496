package org.tokensuite.platform;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.tokensuite.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The platform serves every service, so it may know none of them. */
    @ArchTest
    static final ArchRule knowsNoService = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "org.tokensuite.command..", "org.tokensuite.query..", "org.tokensuite.audit..",
            "org.tokensuite.lifecycle..", "org.tokensuite.infra..");

    /** Each concern (security, problem, kafka, event) changes on its own; a cycle would tie two together. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tokensuite.platform.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noVagueClassNames = noClasses()
            .should().haveSimpleNameEndingWith("Util")
            .orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Manager");
}
