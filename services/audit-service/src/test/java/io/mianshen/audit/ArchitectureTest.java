package io.mianshen.audit;

import io.mianshen.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void keepsTheServicePackageRules() {
        ArchitectureRules.checkService("io.mianshen.audit");
    }
}
