/**
 * The demo: a synthetic feed of about 200 enterprises over fiscal years 2022 to 2024 (with amendments,
 * revocations, a dishonesty listing, a deregistration and the contract's invalid events), replayed to Kafka with a
 * progress bar, and the summary of what the stack made of it.
 */
package io.mianshen.local.demo;
