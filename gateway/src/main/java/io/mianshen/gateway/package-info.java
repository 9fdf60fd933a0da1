/** The gateway: Spring Cloud Gateway (server-webflux) routes to the services; JWT, roles and rate limits come with the gateway issue. */
package io.mianshen.gateway;
