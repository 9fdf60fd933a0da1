package io.mianshen.support.kafka;

import io.mianshen.contracts.InvalidEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * A poll's records for a batch listener, read up to the first that breaks the contract, then stored so that the
 * error handler always learns <em>which</em> record failed ({@link BatchListenerFailedException} with its index):
 * the records before it are kept, it is dead-lettered (bad input at once, a record the database refuses after its
 * attempts) or, for a failure of the infrastructure, retried until it succeeds, and the partition moves on.
 *
 * @param <T> a record as the service reads it
 */
public final class PollBatch<T> {

    private final List<T> valid;
    private final int invalidIndex;
    private final InvalidEventException invalid;

    private PollBatch(List<T> valid, int invalidIndex, InvalidEventException invalid) {
        this.valid = valid;
        this.invalidIndex = invalidIndex;
        this.invalid = invalid;
    }

    /** Reads {@code records} in order with {@code read}, stopping at the first that breaks the contract. */
    public static <K, V, T> PollBatch<T> read(
            List<ConsumerRecord<K, V>> records, Function<ConsumerRecord<K, V>, T> read) {
        List<T> valid = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                valid.add(read.apply(records.get(i)));
            } catch (InvalidEventException e) {
                return new PollBatch<>(valid, i, e);
            }
        }
        return new PollBatch<>(valid, -1, null);
    }

    /**
     * Stores the valid records with {@code store} (one transaction), then reports the record that broke the
     * contract, if any. When the store fails on a record's own value, the records are stored again one at a time
     * to find it: those before it stay stored (storing is idempotent), and it is reported by its index.
     *
     * @throws BatchListenerFailedException naming the record that failed, and why
     */
    public void store(Consumer<List<T>> store) {
        if (!valid.isEmpty()) {
            try {
                store.accept(valid);
            } catch (RuntimeException failure) {
                if (valid.size() == 1 || ListenerFailures.isInfrastructure(failure)) {
                    throw new BatchListenerFailedException(ListenerFailures.reason(failure), failure, 0);
                }
                storeOneAtATime(store);
            }
        }
        if (invalid != null) {
            throw new BatchListenerFailedException(invalid.getMessage(), invalid, invalidIndex);
        }
    }

    private void storeOneAtATime(Consumer<List<T>> store) {
        for (int i = 0; i < valid.size(); i++) {
            try {
                store.accept(List.of(valid.get(i)));
            } catch (RuntimeException failure) {
                throw new BatchListenerFailedException(ListenerFailures.reason(failure), failure, i);
            }
        }
    }
}
