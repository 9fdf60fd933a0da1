package io.mianshen.notification.delivery;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A notice due for an attempt, as the channels send it; {@code address}: an objector's e-mail address, else null;
 * {@code traceparent}: the trace of the decision it tells, which the attempt joins.
 */
record PendingNotice(
        UUID noticeId,
        String decisionId,
        String uscc,
        String channel,
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
        int attempts,
        OffsetDateTime createdAt,
        String address,
        String traceparent) {}
