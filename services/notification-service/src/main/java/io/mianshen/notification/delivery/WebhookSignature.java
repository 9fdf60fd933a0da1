package io.mianshen.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook call, as an enterprise verifies it: header {@value #HEADER} reads
 * {@code t=<unix seconds>,v1=<hex>} where hex = HMAC-SHA256(secret, t + "." + body) over the exact bytes
 * of the body (UTF-8 JSON). The receiver recomputes it, compares in constant time, and refuses a
 * timestamp older than a few minutes (replay).
 */
public final class WebhookSignature {

    /** The header carrying the signature. */
    public static final String HEADER = "X-Mianshen-Signature";

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code timestamp}. */
    public static String header(String secret, Instant timestamp, String body) {
        long seconds = timestamp.getEpochSecond();
        return "t=" + seconds + ",v1=" + hmac(secret, seconds + "." + body);
    }

    /** Whether {@code header} signs {@code body} with {@code secret}, at most {@code tolerance} before {@code now}. */
    public static boolean verify(String secret, String header, String body, Instant now, Duration tolerance) {
        String timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signature = pair[1];
            }
        }
        if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(signedAt, now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp + "." + body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
