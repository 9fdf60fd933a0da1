package io.mianshen.notification.notices;

/** The decision a notice tells of. */
public enum NoticeKind {
    GRANTED, ADJUSTED, REVOKED;

    /** The kind of a decision event type, e.g. {@code gov.benefit.granted.v1}. */
    static NoticeKind ofType(String type) {
        return switch (type) {
            case "gov.benefit.granted.v1" -> GRANTED;
            case "gov.benefit.adjusted.v1" -> ADJUSTED;
            case "gov.benefit.revoked.v1" -> REVOKED;
            default -> throw new IllegalArgumentException("not a decision type: " + type);
        };
    }

    String template() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
