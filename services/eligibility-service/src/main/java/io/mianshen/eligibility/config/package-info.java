/** Wiring shared by the service's features: the event contract and the Kafka error handling. */
package io.mianshen.eligibility.config;
