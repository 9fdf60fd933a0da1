/** The intake-service: HTTP submissions (JSON or CSV batches) from feeds, validated against the contract and published to Kafka as CloudEvents. */
package io.mianshen.intake;
