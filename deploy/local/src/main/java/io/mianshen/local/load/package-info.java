/**
 * The load generator: N synthetic, valid enterprises and their fact events, sent at a given rate to Kafka or
 * through the gateway to intake; optionally it measures decisions per second and the latency from an enterprise's
 * last fact event to its last decision event.
 */
package io.mianshen.local.load;
