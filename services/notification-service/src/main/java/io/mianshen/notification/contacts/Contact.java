package io.mianshen.notification.contacts;

/**
 * How an enterprise is reached, as its latest registry event says.
 *
 * @param uscc       the enterprise
 * @param email      e-mail address, or {@code null}
 * @param mobile     mobile number, or {@code null}
 * @param webhookUrl URL notices are POSTed to, or {@code null}
 */
public record Contact(String uscc, String email, String mobile, String webhookUrl) {}
