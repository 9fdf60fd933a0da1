/** Delivery of e-mail and webhook notices, retried with backoff and jitter, every attempt recorded. */
package io.mianshen.notification.delivery;
