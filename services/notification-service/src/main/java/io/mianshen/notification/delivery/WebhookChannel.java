package io.mianshen.notification.delivery;

import io.mianshen.notification.config.NoticeSettings;
import io.mianshen.notification.contacts.Contact;
import io.mianshen.notification.contacts.ContactDirectory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs a notice as JSON to the enterprise's webhook URL, signed with its secret ({@link WebhookSignature}), after
 * checking the address at send time ({@link WebhookAddress}). Any answer but 2xx, a refused connection, or no
 * complete answer (body included) within {@code webhook-timeout} is a failed attempt.
 */
@Component
class WebhookChannel {

    /** What the enterprise is told when its webhook address is not allowed. */
    static final String REFUSED =
            "the webhook address on file is not allowed: notices go to public HTTPS addresses only";
    /** What the enterprise is told for every other failure: no detail that would map a network. */
    static final String NOT_ACCEPTED =
            "the webhook receiver did not accept the notice in time (no complete 2xx answer)";

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
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    void send(PendingNotice notice) throws DeliveryFailed {
        String url = contacts.contactOf(notice.uscc())
                .map(Contact::webhookUrl)
                .orElseThrow(() -> new DeliveryFailed("no webhook URL on file"));
        WebhookAddress address;
        try {
            address = WebhookAddress.parse(url, settings.webhookAllowHttp());
            address.requirePublic(settings.webhookAllowPrivateAddresses());
        } catch (WebhookAddress.Refused e) {
            throw new DeliveryFailed(REFUSED, e.getMessage());
        }
        Instant now = clock.instant();
        String body = body(notice, now);
        HttpRequest request = HttpRequest.newBuilder(address.uri())
                .timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Mianshen-Notice-Id", notice.noticeId().toString())
                .header(
                        WebhookSignature.HEADER,
                        WebhookSignature.header(contacts.webhookSecret(notice.uscc()), now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        // the future completes once the whole answer, body included, is read: its deadline bounds every stage
        CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> response;
        try {
            response = call.get(settings.webhookTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DeliveryFailed(
                    NOT_ACCEPTED,
                    "no complete answer within " + settings.webhookTimeout().toMillis() + " ms from "
                            + address.redacted());
        } catch (ExecutionException e) {
            throw new DeliveryFailed(
                    NOT_ACCEPTED,
                    "calling " + address.redacted() + ": "
                            + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryFailed(NOT_ACCEPTED, address.redacted() + " answered HTTP " + response.statusCode());
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
