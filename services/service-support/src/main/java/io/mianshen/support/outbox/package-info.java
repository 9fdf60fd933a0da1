/** The transactional outbox: events written with the business change, published to Kafka by a relay. */
package io.mianshen.support.outbox;
