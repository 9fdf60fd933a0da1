/** Wiring: topics, security rules and settings. */
package io.mianshen.intake.config;
