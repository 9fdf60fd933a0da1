package io.mianshen.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.web.client.RestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ELIGIBILITY_SERVICE_URL=http://eligibility:8081", "AUDIT_SERVICE_URL=http://audit:8083"})
class GatewayIT {

    @LocalServerPort
    int port;

    @Autowired
    RouteLocator routes;

    @Test
    void reportsUpOnTheActuatorHealthEndpoint() {
        String health = RestClient.create("http://localhost:" + port).get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"status\":\"UP\"");
    }

    @Test
    void loadsARouteForEveryServiceApiFromTheServerWebfluxPrefix() {
        List<Route> loaded = routes.getRoutes().collectList().block();

        assertThat(loaded).extracting(Route::getId)
                .containsExactlyInAnyOrder("intake", "decisions", "policies", "notices", "audit");
        assertThat(loaded).filteredOn(r -> r.getId().equals("decisions"))
                .singleElement().satisfies(r -> assertThat(r.getUri().toString()).isEqualTo("http://eligibility:8081"));
        assertThat(loaded).filteredOn(r -> r.getId().equals("audit"))
                .singleElement().satisfies(r -> assertThat(r.getUri().toString()).isEqualTo("http://audit:8083"));
    }
}
