package dev.hearth.backend;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Feature packages import one way (docs/development.md "Modules and packages"): no cycle between any
 * two {@code dev.hearth.backend.*} packages, however long. A back-edge fails here with the classes that
 * make it; the usual ways out are a shared type in its own package (problem.PageErrors), a CDI event or
 * a handler the lower package finds (agent.AgentMessageHandler), or a feature owning its own links
 * (cluster.ClusterUris).
 */
class PackageCyclesTest {

    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.hearth.backend");

    @Test
    void featurePackagesImportEachOtherOneWay() {
        slices().matching("dev.hearth.backend.(*)..").should().beFreeOfCycles().check(BACKEND);
    }
}
