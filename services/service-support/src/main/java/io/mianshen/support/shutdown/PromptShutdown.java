package io.mianshen.support.shutdown;

import io.mianshen.support.settings.SupportSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Bounds how long a service takes to stop after SIGTERM, so that a restart is never kept waiting by a database or
 * a broker that has gone. Each part's close is bounded (Kafka producers: {@code mianshen.shutdown.producer-close};
 * each lifecycle phase: {@code spring.lifecycle.timeout-per-shutdown-phase}); should the whole still take longer than
 * {@code mianshen.shutdown.limit} (7 s), the process stops at once, as after a crash: what was committed stays, and
 * whatever was not (an uncommitted poll, an unsent outbox row) is redone after the restart. Only the shutdown that
 * the JVM runs on a signal is bounded this way, never a context closed by a test.
 */
@AutoConfiguration
@EnableConfigurationProperties(SupportSettings.class)
public class PromptShutdown {

    private static final Logger log = LoggerFactory.getLogger(PromptShutdown.class);
    /** The thread in which Spring Boot closes the application when the JVM is asked to stop (SIGTERM, SIGINT). */
    static final String SHUTDOWN_HOOK_THREAD = "SpringApplicationShutdownHook";

    @Bean
    DefaultKafkaProducerFactoryCustomizer boundedProducerClose(SupportSettings settings) {
        Duration close = settings.shutdown().producerClose();
        return factory -> factory.setPhysicalCloseTimeout((int) Math.max(1, close.toSeconds()));
    }

    @Bean
    ShutdownLimit shutdownLimit(SupportSettings settings) {
        return new ShutdownLimit(settings.shutdown().limit());
    }

    /** Armed first of all the listeners to the closing (before any that might wait), in the JVM's shutdown hook only. */
    static final class ShutdownLimit implements ApplicationListener<ContextClosedEvent>, Ordered {

        private final Duration limit;
        private final AtomicBoolean armed = new AtomicBoolean();

        ShutdownLimit(Duration limit) {
            this.limit = limit;
        }

        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            if (limit.isZero()
                    || !Thread.currentThread().getName().equals(SHUTDOWN_HOOK_THREAD)
                    || !armed.compareAndSet(false, true)) {
                return;
            }
            Thread watchdog = new Thread(
                    () -> {
                        try {
                            Thread.sleep(limit.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                        log.warn(
                                "still stopping {} s after the signal (a database or broker that does not answer): stopping now;"
                                        + " uncommitted work is redone after the restart",
                                limit.toSeconds());
                        Runtime.getRuntime().halt(143);
                    },
                    "shutdown-limit");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
