package io.mianshen.gateway.web;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway's HTTP client sends a request on to a service. Reactor Netty resends a request once by itself
 * when a pooled connection turns out to be closed; a resend subscribes to the caller's request body a second time,
 * which a streamed body (read once, as it arrives, {@link LimitedBody}) cannot give: the first reading is cancelled,
 * the caller's connection stops being read, and a caller still sending its body waits forever for an answer. With
 * no resend, such a failure reaches the route's circuit breaker and the caller gets its answer.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamRequests {

    @Bean
    HttpClientCustomizer noResendOfRequestBodies() {
        return client -> client.disableRetry(true);
    }
}
