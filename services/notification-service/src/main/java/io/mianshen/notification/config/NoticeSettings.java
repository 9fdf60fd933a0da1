package io.mianshen.notification.config;

import static io.mianshen.support.settings.SettingCheck.require;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notices are written and delivered ({@code mianshen.notices.*}), checked at start: a bad value stops the service
 * naming it and its environment variable.
 *
 * @param templatesDirectory a folder holding the notice templates and {@code notice.properties}, which a
 *                           policy office edits without code; empty: the bundled ones
 * @param emailFrom          the sender of notice e-mails
 * @param maxAttempts        attempts per e-mail or webhook notice before it is marked failed
 * @param firstRetry         wait before the second attempt; doubled each time (with jitter) up to {@code maxRetry}
 * @param maxRetry           longest wait between attempts
 * @param webhookTimeout     how long a webhook call may take in all: connecting, sending, the answer and its body
 * @param deliveryInterval   how often due notices are looked for
 * @param webhookAllowHttp   whether plain-HTTP webhook URLs are called (the local stack); otherwise HTTPS only
 * @param webhookAllowPrivateAddresses whether webhook hosts may resolve to loopback, private or link-local addresses
 *                           (the local stack's receiver on localhost); otherwise they are refused at send time
 * @param webhookConcurrency webhooks in flight at once: a receiver that stalls holds one of them, the others go on
 * @param deliveryLease      how long a claimed notice stays with the instance delivering it; after a crash it is
 *                           attempted again once its lease ends
 */
@ConfigurationProperties("mianshen.notices")
public record NoticeSettings(
        @DefaultValue("") String templatesDirectory,
        @DefaultValue("noreply@mianshen.gov.cn") String emailFrom,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("10m") Duration maxRetry,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue("250ms") Duration deliveryInterval,
        @DefaultValue("false") boolean webhookAllowHttp,
        @DefaultValue("false") boolean webhookAllowPrivateAddresses,
        @DefaultValue("8") int webhookConcurrency,
        @DefaultValue("2m") Duration deliveryLease) {

    public NoticeSettings {
        require(
                maxAttempts >= 1,
                "mianshen.notices.max-attempts",
                "MIANSHEN_NOTICE_MAX_ATTEMPTS",
                "at least 1",
                maxAttempts);
        require(
                firstRetry.toMillis() >= 1,
                "mianshen.notices.first-retry",
                "MIANSHEN_NOTICE_FIRST_RETRY",
                "at least 1ms",
                firstRetry);
        require(
                maxRetry.compareTo(firstRetry) >= 0,
                "mianshen.notices.max-retry",
                "MIANSHEN_NOTICE_MAX_RETRY",
                "at least the first retry (" + firstRetry + ")",
                maxRetry);
        require(
                webhookTimeout.toMillis() >= 1,
                "mianshen.notices.webhook-timeout",
                "MIANSHEN_NOTICE_WEBHOOK_TIMEOUT",
                "at least 1ms",
                webhookTimeout);
        require(
                deliveryInterval.toMillis() >= 1,
                "mianshen.notices.delivery-interval",
                "MIANSHEN_NOTICES_DELIVERY_INTERVAL",
                "at least 1ms",
                deliveryInterval);
        require(
                webhookConcurrency >= 1,
                "mianshen.notices.webhook-concurrency",
                "MIANSHEN_WEBHOOK_CONCURRENCY",
                "at least 1",
                webhookConcurrency);
        require(
                deliveryLease.compareTo(webhookTimeout) > 0,
                "mianshen.notices.delivery-lease",
                "MIANSHEN_NOTICES_DELIVERY_LEASE",
                "longer than the webhook timeout (" + webhookTimeout + ")",
                deliveryLease);
    }
}
