package io.mianshen.support.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** Health of the Kafka cluster as this service sees it: reachable, and how many brokers answer. */
class KafkaHealth extends AbstractHealthIndicator {

    private final KafkaAdmin admin;

    KafkaHealth(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            int brokers = client.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                    .nodes()
                    .get(5, TimeUnit.SECONDS)
                    .size();
            builder.up().withDetail("brokers", brokers);
        }
    }
}
