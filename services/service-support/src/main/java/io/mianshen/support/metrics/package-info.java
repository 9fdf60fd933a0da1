/** What every service's metrics have in common: latency histograms. */
package io.mianshen.support.metrics;
