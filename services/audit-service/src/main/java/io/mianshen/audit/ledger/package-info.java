/** The hash-chained ledger: append once per event, verify the chain, and its metrics. */
package io.mianshen.audit.ledger;
