package io.mianshen.notification.delivery;

import io.mianshen.notification.config.NoticeSettings;
import io.mianshen.notification.contacts.Contact;
import io.mianshen.notification.contacts.ContactDirectory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * POSTs a notice as JSON to the enterprise's webhook URL, signed with its secret
 * ({@link WebhookSignature}). Any answer but 2xx, a timeout or a refused connection is a failed attempt.
 */
@Component
class WebhookChannel {

    private final ContactDirectory contacts;
    private final JsonMapper json;
    private final NoticeSettings settings;
    private final Clock clock;
    private final HttpClient http;

    WebhookChannel(ContactDirectory contacts, JsonMapper json, NoticeSettings settings, Clock clock) {
        this.contacts = contacts;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void send(PendingNotice notice) throws DeliveryFailed {
        String url = contacts.contactOf(notice.uscc()).map(Contact::webhookUrl)
                .orElseThrow(() -> new DeliveryFailed("no webhook URL on file for " + notice.uscc()));
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new DeliveryFailed("webhook URL is not a URI: " + url);
        }
        if (target.getScheme() == null || !(target.getScheme().equals("https") || target.getScheme().equals("http"))) {
            throw new DeliveryFailed("webhook URL must be http or https: " + url);
        }
        Instant now = clock.instant();
        String body = body(notice, now);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Mianshen-Notice-Id", notice.noticeId().toString())
                .header(WebhookSignature.HEADER, WebhookSignature.header(contacts.webhookSecret(notice.uscc()), now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailed("webhook answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            throw new DeliveryFailed("webhook unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted", e);
        }
    }

    private String body(PendingNotice notice, Instant sentAt) {
        ObjectNode body = json.createObjectNode();
        body.put("noticeId", notice.noticeId().toString());
        body.put("decisionId", notice.decisionId());
        body.put("uscc", notice.uscc());
        body.put("kind", notice.kind());
        body.put("policyId", notice.policyId());
        body.put("period", notice.period());
        body.put("amount", notice.amount());
        body.put("recoverAmount", notice.recoverAmount());
        body.put("titleZh", notice.titleZh());
        body.put("titleEn", notice.titleEn());
        body.put("bodyZh", notice.bodyZh());
        body.put("bodyEn", notice.bodyEn());
        body.put("objectionDeadline", notice.objectionDeadline().toString());
        body.put("sentAt", sentAt.toString());
        return body.toString();
    }
}
