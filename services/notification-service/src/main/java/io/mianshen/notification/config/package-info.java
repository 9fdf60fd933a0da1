/** Wiring: topics, security rules, settings and the clock. */
package io.mianshen.notification.config;
