/**
 * The one-command local stack: {@link io.mianshen.local.LocalStack} starts a Kafka KRaft broker process, an
 * embedded PostgreSQL, every service and the gateway as separate processes on fixed ports, and stops them all
 * on Ctrl-C. Infrastructure lives in {@code infra}, the service processes in {@code services}, the demo feed and
 * its summary in {@code demo}, the load generator in {@code load}.
 */
package io.mianshen.local;
