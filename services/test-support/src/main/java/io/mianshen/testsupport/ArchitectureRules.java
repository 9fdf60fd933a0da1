package io.mianshen.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The package rules every service keeps (house style 2, 3, 12): features as packages without cycles,
 * web and messaging adapters calling the application layer and never each other, constructor
 * injection, and no binary floating point where money could flow.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    /** The production classes of {@code basePackage}, tests excluded. */
    public static JavaClasses importProduction(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    /** The rules for a service rooted at {@code basePackage}. */
    public static List<ArchRule> forService(String basePackage) {
        return List.of(
                slices().matching(basePackage + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .allowEmptyShould(true)
                        .as("feature packages of " + basePackage + " do not depend on each other in cycles"),
                noClasses()
                        .that()
                        .resideInAPackage("..web..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("..messaging..")
                        .allowEmptyShould(true)
                        .as("web adapters do not call messaging adapters"),
                noClasses()
                        .that()
                        .resideInAPackage("..messaging..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("..web..")
                        .allowEmptyShould(true)
                        .as("messaging adapters do not call web adapters"),
                noFields()
                        .should()
                        .beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
                        .allowEmptyShould(true)
                        .as("dependencies come through constructors"),
                noFields()
                        .should()
                        .haveRawType(double.class)
                        .orShould()
                        .haveRawType(float.class)
                        .orShould()
                        .haveRawType(Double.class)
                        .orShould()
                        .haveRawType(Float.class)
                        .allowEmptyShould(true)
                        .as("no binary floating point fields: money is exact"),
                noMethods()
                        .should()
                        .haveRawReturnType(double.class)
                        .orShould()
                        .haveRawReturnType(float.class)
                        .allowEmptyShould(true)
                        .as("no binary floating point results: money is exact"));
    }

    /** Checks every rule of {@link #forService} and fails with all violations. */
    public static void checkService(String basePackage) {
        JavaClasses classes = importProduction(basePackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no production classes found in " + basePackage);
        }
        forService(basePackage).forEach(rule -> rule.check(classes));
    }
}
