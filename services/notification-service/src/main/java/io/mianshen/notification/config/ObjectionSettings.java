package io.mianshen.notification.config;

import static io.mianshen.support.settings.SettingCheck.require;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many objections (异议) an enterprise may raise each day, China's time ({@code mianshen.objections.*}); beyond
 * them 429 with {@code Retry-After}. Checked at start.
 *
 * @param perNoticePerDay     to one notice
 * @param perEnterprisePerDay in all
 */
@ConfigurationProperties("mianshen.objections")
public record ObjectionSettings(
        @DefaultValue("3") int perNoticePerDay,
        @DefaultValue("20") int perEnterprisePerDay) {

    public ObjectionSettings {
        require(
                perNoticePerDay >= 1,
                "mianshen.objections.per-notice-per-day",
                "MIANSHEN_OBJECTIONS_PER_NOTICE_PER_DAY",
                "at least 1",
                perNoticePerDay);
        require(
                perEnterprisePerDay >= perNoticePerDay,
                "mianshen.objections.per-enterprise-per-day",
                "MIANSHEN_OBJECTIONS_PER_ENTERPRISE_PER_DAY",
                "at least the cap per notice (" + perNoticePerDay + ")",
                perEnterprisePerDay);
    }
}
