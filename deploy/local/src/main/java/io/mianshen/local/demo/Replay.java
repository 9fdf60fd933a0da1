package io.mianshen.local.demo;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.local.StackFailure;
import io.mianshen.local.infra.KafkaAccess;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a feed to Kafka as a feed operator would (structured CloudEvents, key = USCC) and draws one progress
 * bar over all of it (redrawn in place on a terminal, a line per part otherwise).
 */
public final class Replay implements AutoCloseable {

    private static final int BAR_WIDTH = 40;

    private final KafkaProducer<String, byte[]> producer;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final int total;
    private int sent;

    /** A replay of {@code total} records in all, sent as {@code feeds} (a principal that may write the fact topics). */
    public Replay(KafkaAccess feeds, int total, PrintStream out) {
        Map<String, Object> settings = feeds.clientSettings();
        settings.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.out = out;
        this.total = total;
    }

    /**
     * Sends the records and returns once the broker has acknowledged all of them; fails naming the first record the
     * broker refused (a topic the principal may not write), since a replay that loses records is no demo.
     */
    public void publish(String label, List<FeedRecord> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (FeedRecord record : records) {
            ProducerRecord<String, byte[]> message = new ProducerRecord<>(record.topic(), record.key(), record.value());
            message.headers()
                    .add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            sends.add(producer.send(message));
            sent++;
            if (terminal && sent % 25 == 0) {
                out.print("\r" + bar(sent, total) + "  " + label + "   ");
                out.flush();
            }
        }
        producer.flush();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get();
            } catch (ExecutionException e) {
                throw new StackFailure(
                        "the broker refused a record of the replay ("
                                + records.get(i).topic() + ", " + records.get(i).label() + "): "
                                + e.getCause().getMessage(),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackFailure("interrupted while replaying");
            }
        }
        out.print((terminal ? "\r" : "") + bar(sent, total) + "  " + label + "   "
                + (terminal ? "" : System.lineSeparator()));
        out.flush();
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
        return "  [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total + " events";
    }

    @Override
    public void close() {
        producer.close();
        if (terminal) {
            out.println();
        }
    }
}
