package io.mianshen.notification.delivery;

/** An attempt to deliver a notice failed; the message says why, for the attempt record and the failed event. */
class DeliveryFailed extends Exception {
    DeliveryFailed(String message) {
        super(message);
    }

    DeliveryFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
