/**
 * Real Kafka and PostgreSQL for every {@code *IT}, started once per test JVM: embedded (default),
 * Testcontainers, or external addresses; and the architecture rules every service is held to.
 */
package io.mianshen.testsupport;
