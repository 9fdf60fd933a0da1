package io.mianshen.notification.delivery;

/**
 * An attempt to deliver a notice failed. The message is what the enterprise sees (the notice's last error, the
 * failed event, the ledger): generic, with no address or network detail; {@link #detail()} is for operators (the
 * attempt record and the log), with URLs redacted.
 */
class DeliveryFailed extends Exception {

    private final String detail;

    DeliveryFailed(String message) {
        this(message, message);
    }

    DeliveryFailed(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    DeliveryFailed(String message, Throwable cause) {
        super(message, cause);
        this.detail = message;
    }

    /** What happened, for operators. */
    String detail() {
        return detail;
    }
}
