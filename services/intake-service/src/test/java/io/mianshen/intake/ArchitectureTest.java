package io.mianshen.intake;

import io.mianshen.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void keepsTheServicePackageRules() {
        ArchitectureRules.checkService("io.mianshen.intake");
    }
}
