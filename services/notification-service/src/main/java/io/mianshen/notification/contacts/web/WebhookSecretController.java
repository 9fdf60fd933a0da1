package io.mianshen.notification.contacts.web;

import io.mianshen.notification.contacts.ContactDirectory;
import io.mianshen.support.security.BearerTokens;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/notices/webhook-secret}: the caller's signing secret (created on first use);
 * {@code POST /api/notices/webhook-secret/rotation}: a new one, which signs every webhook from then on.
 */
@RestController
@RequestMapping("/api/notices/webhook-secret")
class WebhookSecretController {

    /**
     * A webhook signing secret and how it is used.
     *
     * @param secret    the HMAC-SHA256 key
     * @param header    the header carrying the signature
     * @param signature what is signed and how the header reads
     */
    record WebhookSecret(String secret, String header, String signature) {
        WebhookSecret(String secret) {
            this(secret, "X-Mianshen-Signature", "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + \".\" + body)>");
        }
    }

    private final ContactDirectory directory;

    WebhookSecretController(ContactDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    WebhookSecret current(Authentication caller) {
        return new WebhookSecret(directory.webhookSecret(uscc(caller)));
    }

    @PostMapping("/rotation")
    WebhookSecret rotate(Authentication caller) {
        return new WebhookSecret(directory.rotateWebhookSecret(uscc(caller)));
    }

    private static String uscc(Authentication caller) {
        return BearerTokens.enterpriseUscc(caller)
                .orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("no uscc claim"));
    }
}
