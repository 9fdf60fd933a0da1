package io.mianshen.notification;

import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.ServiceHealthChecks;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure(database = "notification")
class ServiceHealthIT extends ServiceHealthChecks {

    ServiceHealthIT() {
        super("notice");
    }
}
