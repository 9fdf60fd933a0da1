package io.mianshen.eligibility;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.mianshen.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final String BASE = "io.mianshen.eligibility";

    @Test
    void keepsTheServicePackageRules() {
        ArchitectureRules.checkService(BASE);
    }

    @Test
    void listenersAreThinAdaptersWithoutDatabaseAccess() {
        JavaClasses classes = ArchitectureRules.importProduction(BASE);
        noClasses()
                .that()
                .resideInAPackage("..messaging..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .check(classes);
    }
}
