package io.mianshen.notification.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How notices are written and delivered ({@code mianshen.notices.*}).
 *
 * @param templatesDirectory a folder holding the notice templates and {@code notice.properties}, which a
 *                           policy office edits without code; empty: the bundled ones
 * @param emailFrom          the sender of notice e-mails
 * @param maxAttempts        attempts per e-mail or webhook notice before it is marked failed
 * @param firstRetry         wait before the second attempt; doubled each time (with jitter) up to {@code maxRetry}
 * @param maxRetry           longest wait between attempts
 * @param webhookTimeout     how long a webhook call may take
 * @param deliveryInterval   how often due notices are looked for
 */
@ConfigurationProperties("mianshen.notices")
public record NoticeSettings(@DefaultValue("") String templatesDirectory,
                             @DefaultValue("noreply@mianshen.gov.cn") String emailFrom,
                             @DefaultValue("8") int maxAttempts,
                             @DefaultValue("2s") Duration firstRetry,
                             @DefaultValue("10m") Duration maxRetry,
                             @DefaultValue("5s") Duration webhookTimeout,
                             @DefaultValue("250ms") Duration deliveryInterval) {
}
