/**
 * The local stack's infrastructure: PostgreSQL (zonky's binaries, data kept in a folder), a Kafka KRaft broker in
 * its own JVM, an SMTP server that keeps e-mails and a webhook receiver, so every notice channel has somewhere to go.
 */
package io.mianshen.local.infra;
