package io.mianshen.intake.events;

/**
 * Kafka did not acknowledge an event in time: nothing of it was recorded, and the feed should send it
 * again (events already accepted are then answered as duplicates).
 */
public class PublishFailed extends RuntimeException {

    private final int index;

    PublishFailed(int index, Throwable cause) {
        super("Kafka did not acknowledge the event at index " + index + ": " + cause.getMessage(), cause);
        this.index = index;
    }

    /** The index of the event that could not be published; those before it were accepted. */
    public int index() {
        return index;
    }
}
