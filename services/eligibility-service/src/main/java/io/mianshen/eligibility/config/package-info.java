/** Wiring shared by the service's features: its settings ({@link io.mianshen.eligibility.config.EligibilitySettings}), clock, topics and security. */
package io.mianshen.eligibility.config;
