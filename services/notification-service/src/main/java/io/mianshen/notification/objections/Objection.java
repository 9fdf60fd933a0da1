package io.mianshen.notification.objections;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An objection as recorded.
 *
 * @param objectionId its id
 * @param noticeId    the inbox notice it was raised on
 * @param decisionId  the decision objected to
 * @param text        what the enterprise wrote
 * @param raisedAt    when
 */
public record Objection(UUID objectionId, UUID noticeId, String decisionId, String text, OffsetDateTime raisedAt) {}
