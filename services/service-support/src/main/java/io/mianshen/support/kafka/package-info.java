/** Kafka plumbing every consumer shares: dead letters with their reasons, blocking retries, health. */
package io.mianshen.support.kafka;
