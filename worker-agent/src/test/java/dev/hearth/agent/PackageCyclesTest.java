package dev.hearth.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The agent's packages import one way, like the backend's (docs/development.md "Modules and packages"). */
class PackageCyclesTest {

    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hearth.agent");

    @Test
    void packagesImportEachOtherOneWay() {
        slices().matching("dev.hearth.agent.(*)..").should().beFreeOfCycles().check(AGENT);
    }
}
