package io.mianshen.notification.notices;

/** The decision a notice tells of. */
public enum NoticeKind {
    GRANTED,
    ADJUSTED,
    REVOKED,
    /** An eligible decision waits in its budget's queue. */
    QUEUED,
    /** A decision that waited in its budget's queue left it without being granted. */
    QUEUE_LEFT,
    /** A reviewer ruled on objections to the enterprise's published grant (gov.publicity.ruled.v1). */
    RULING,
    /** The same ruling, told to a public objector at the e-mail address they gave. */
    RULING_TO_OBJECTOR;

    /** The kind of notice a decision event makes. */
    static NoticeKind of(DecisionEvent event) {
        if (event instanceof DecisionEvent.Granted) {
            return GRANTED;
        }
        if (event instanceof DecisionEvent.Adjusted) {
            return ADJUSTED;
        }
        if (event instanceof DecisionEvent.Revoked) {
            return REVOKED;
        }
        return event instanceof DecisionEvent.Queued ? QUEUED : QUEUE_LEFT;
    }

    String template() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
