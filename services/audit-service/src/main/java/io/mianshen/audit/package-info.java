/** The audit-service: decisions, notices and publicity steps into a hash-chained, tamper-evident ledger that auditors query and export. */
package io.mianshen.audit;
