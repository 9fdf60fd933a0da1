package io.mianshen.notification.contacts;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contacts from enterprise.registry.v1: each registered or changed event carries the full current
 * profile, so the latest by the event's own time replaces the contact (an older event arriving late
 * changes nothing). Also each enterprise's webhook signing secret.
 */
@Service
public class ContactDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    ContactDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the contact of a registered or changed event unless a later event already set it.
     *
     * @param contact the contact it carries (fields {@code null} when absent)
     */
    @Transactional
    public void apply(Contact contact, String eventSource, String eventId, OffsetDateTime eventTime) {
        jdbc.sql("""
                        INSERT INTO contact (uscc, email, mobile, webhook_url, event_source, event_id, event_time)
                        VALUES (:uscc, :email, :mobile, :webhook, :source, :id, :time)
                        ON CONFLICT (uscc) DO UPDATE SET email = EXCLUDED.email, mobile = EXCLUDED.mobile,
                            webhook_url = EXCLUDED.webhook_url, event_source = EXCLUDED.event_source, event_id = EXCLUDED.event_id,
                            event_time = EXCLUDED.event_time, updated_at = now()
                        WHERE (contact.event_time, contact.event_source, contact.event_id)
                            < (EXCLUDED.event_time, EXCLUDED.event_source, EXCLUDED.event_id)""")
                .param("uscc", contact.uscc())
                .param("email", contact.email())
                .param("mobile", contact.mobile())
                .param("webhook", contact.webhookUrl())
                .param("source", eventSource)
                .param("id", eventId)
                .param("time", Timestamp.from(eventTime.toInstant()))
                .update();
    }

    /** The enterprise's contact, if a registry event gave one. */
    public Optional<Contact> contactOf(String uscc) {
        return jdbc.sql("SELECT uscc, email, mobile, webhook_url FROM contact WHERE uscc = ?")
                .param(uscc)
                .query((rs, n) -> new Contact(
                        rs.getString("uscc"),
                        rs.getString("email"),
                        rs.getString("mobile"),
                        rs.getString("webhook_url")))
                .optional();
    }

    /** The enterprise's webhook signing secret, created on first use. */
    @Transactional
    public String webhookSecret(String uscc) {
        jdbc.sql("INSERT INTO webhook_secret (uscc, secret) VALUES (?, ?) ON CONFLICT (uscc) DO NOTHING")
                .params(uscc, newSecret())
                .update();
        return jdbc.sql("SELECT secret FROM webhook_secret WHERE uscc = ?")
                .param(uscc)
                .query(String.class)
                .single();
    }

    /** Replaces the enterprise's webhook signing secret; webhooks sent from now on are signed with the new one. */
    @Transactional
    public String rotateWebhookSecret(String uscc) {
        String secret = newSecret();
        jdbc.sql("""
                INSERT INTO webhook_secret (uscc, secret) VALUES (?, ?)
                ON CONFLICT (uscc) DO UPDATE SET secret = EXCLUDED.secret, created_at = now()""").params(uscc, secret).update();
        return secret;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
