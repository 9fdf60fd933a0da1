package io.mianshen.audit;

import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.ServiceHealthChecks;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "audit", appRole = "audit_app")
class ServiceHealthIT extends ServiceHealthChecks {

    ServiceHealthIT() {
        super("ledger_entry");
    }
}
