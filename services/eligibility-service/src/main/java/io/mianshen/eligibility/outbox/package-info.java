/** The transactional outbox: decision events written with the decision, published to Kafka by a relay. */
package io.mianshen.eligibility.outbox;
