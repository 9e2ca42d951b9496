package org.tokensuite.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "org.tokensuite.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule contractHasNoSpring = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule contractKnowsNoService = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.tokensuite.command..", "org.tokensuite.query..",
                    "org.tokensuite.audit..", "org.tokensuite.lifecycle..");

    /** Packages by role depend one way: a cycle means two roles that cannot change apart. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.tokensuite.api.(*)..").should().beFreeOfCycles();
}
