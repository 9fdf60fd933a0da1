package io.mianshen.notification.notices;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An inbox notice as the enterprise reads it. Money is a decimal string of yuan, never a JSON number.
 *
 * @param noticeId          its id (objections name it)
 * @param decisionId        the decision it tells of
 * @param kind              GRANTED, ADJUSTED or REVOKED
 * @param policyId          the policy
 * @param period            FY2023, Y2023 or ONCE
 * @param amount            the amount granted, for grants and adjustments
 * @param recoverAmount     the amount to return, for revocations
 * @param titleZh           the title in Chinese
 * @param titleEn           the title in English
 * @param bodyZh            the text in Chinese
 * @param bodyEn            the text in English
 * @param objectionDeadline the last day to object
 * @param createdAt         when it was written
 * @param readAt            when the enterprise marked it read, or {@code null}
 * @param deliveries        how the same decision went out through every channel
 */
public record NoticeView(
        UUID noticeId,
        String decisionId,
        String kind,
        String policyId,
        String period,
        String amount,
        String recoverAmount,
        String titleZh,
        String titleEn,
        String bodyZh,
        String bodyEn,
        LocalDate objectionDeadline,
        OffsetDateTime createdAt,
        OffsetDateTime readAt,
        List<Delivery> deliveries) {

    /**
     * The delivery of a decision's notice through one channel.
     *
     * @param channel     INBOX, EMAIL or WEBHOOK
     * @param status      PENDING, DELIVERED or FAILED
     * @param attempts    attempts made
     * @param lastError   the last attempt's error, if it failed
     * @param deliveredAt when it was delivered
     */
    public record Delivery(String channel, String status, int attempts, String lastError, OffsetDateTime deliveredAt) {}
}
