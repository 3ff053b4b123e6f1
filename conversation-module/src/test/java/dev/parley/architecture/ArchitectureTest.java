package dev.parley.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain module's layout as rules a build can break: features ({@code conversation}, {@code merge},
 * {@code start}, ...) depend on each other in one direction only, and inside a feature the roles depend
 * inwards: boundary → control → entity, never back. Events and views are entity-package records, so the
 * edge (WebSocket, Faces) observes them without the domain knowing the edge.
 */
class ArchitectureTest {

    private static JavaClasses domain;

    @BeforeAll
    static void importDomain() {
        domain = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parley");
    }

    @Test
    void controlAndEntityNeverDependOnABoundary() {
        noClasses()
                .that()
                .resideInAnyPackage("..control..", "..entity..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..boundary..")
                .check(domain);
    }

    @Test
    void entitiesNeverDependOnControl() {
        noClasses()
                .that()
                .resideInAPackage("..entity..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..control..")
                .check(domain);
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching("dev.parley.(*)..").should().beFreeOfCycles().check(domain);
    }

    @Test
    void theDomainKnowsNoWebSocketNorFaces() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.websocket..", "jakarta.faces..")
                .check(domain);
    }
}
