package io.mianshen.intake;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The intake-service: HTTP submissions (JSON or CSV batches) from feeds, validated against the contract and published to Kafka as CloudEvents. */
@SpringBootApplication
@org.springframework.boot.context.properties.ConfigurationPropertiesScan
public class IntakeServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(IntakeServiceApplication.class, args);
    }
}
