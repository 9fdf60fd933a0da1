package io.mianshen.eligibility.config;

import io.mianshen.contracts.EventContract;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event contract, loaded once. */
@Configuration(proxyBeanMethods = false)
class ContractConfiguration {

    @Bean
    EventContract eventContract() {
        return EventContract.load();
    }
}
