package io.mianshen.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy engine is pure: no Spring, no I/O beyond reading policy files, no binary floating point. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mianshen.policy");

    @Test
    void dependsOnNothingOfSpring() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(ENGINE);
    }

    @Test
    void evaluationDoesNoIoAndReadsNoClock() {
        noClasses()
                .that()
                .resideInAPackage("io.mianshen.policy")
                .and()
                .doNotHaveSimpleName("PolicyPack")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
                .orShould()
                .callMethod(java.time.LocalDate.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .check(ENGINE);
    }

    @Test
    void usesNoBinaryFloatingPoint() {
        noFields()
                .should()
                .haveRawType(double.class)
                .orShould()
                .haveRawType(float.class)
                .orShould()
                .haveRawType(Double.class)
                .orShould()
                .haveRawType(Float.class)
                .check(ENGINE);
        noMethods()
                .should()
                .haveRawReturnType(double.class)
                .orShould()
                .haveRawReturnType(float.class)
                .check(ENGINE);
    }

    @Test
    void factsDoNotKnowThePolicies() {
        noClasses()
                .that()
                .resideInAPackage("io.mianshen.policy.facts")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mianshen.policy")
                .check(ENGINE);
    }
}
