package io.mianshen.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mianshen.contracts.InvalidEventException;
import io.mianshen.contracts.Violation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class PollBatchTest {

    private final List<List<String>> stored = new ArrayList<>();

    @Test
    void aRecordTheStoreRefusesIsFoundByItsIndexAndThoseBeforeItAreKept() {
        PollBatch<String> batch = PollBatch.read(records("a", "b", "overflow", "d"), ConsumerRecord::value);

        BatchListenerFailedException failure =
                catchThrowableOfType(BatchListenerFailedException.class, () -> batch.store(this::store));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(failure.getMessage()).contains("numeric field overflow");
        assertThat(stored).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aFailureOfTheDatabaseIsReportedAtTheFirstRecordWithoutStoringOneByOne() {
        PollBatch<String> batch = PollBatch.read(records("a", "b"), ConsumerRecord::value);

        BatchListenerFailedException failure = catchThrowableOfType(
                BatchListenerFailedException.class,
                () -> batch.store(values -> {
                    throw new CannotCreateTransactionException("connection refused");
                }));

        assertThat(failure.getIndex()).isZero();
        assertThat(ListenerFailures.isInfrastructure(failure)).isTrue();
    }

    @Test
    void theValidRecordsBeforeABadOneAreStoredTogetherThenTheBadOneIsReported() {
        PollBatch<String> batch = PollBatch.read(records("a", "b", "bad", "d"), record -> {
            if (record.value().equals("bad")) {
                throw new InvalidEventException(List.of(new Violation("/data/uscc", "uscc", "bad check character")));
            }
            return record.value();
        });

        BatchListenerFailedException failure =
                catchThrowableOfType(BatchListenerFailedException.class, () -> batch.store(this::store));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(failure.getCause()).isInstanceOf(InvalidEventException.class);
        assertThat(stored).containsExactly(List.of("a", "b"));
    }

    @Test
    void aGoodPollIsStoredInOneCall() {
        PollBatch.read(records("a", "b", "c"), ConsumerRecord::value).store(this::store);

        assertThat(stored).containsExactly(List.of("a", "b", "c"));
    }

    private void store(List<String> values) {
        if (values.contains("overflow")) {
            throw new DataIntegrityViolationException("insert", new SQLException("numeric field overflow", "22003"));
        }
        stored.add(List.copyOf(values));
    }

    private static List<ConsumerRecord<String, String>> records(String... values) {
        return IntStream.range(0, values.length)
                .mapToObj(i -> new ConsumerRecord<>("tax.filings.v1", 0, i, "key", values[i]))
                .toList();
    }
}
