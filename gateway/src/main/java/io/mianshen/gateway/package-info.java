/** The gateway: Spring Cloud Gateway (server-webflux) routes to the services, with JWT and role checks, rate limits, body limits, circuit breakers, traces and the Swagger UI of every service. */
package io.mianshen.gateway;
