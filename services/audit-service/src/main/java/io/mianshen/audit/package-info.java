/** The audit-service: decisions and notices into a hash-chained, tamper-evident ledger that auditors query and export. */
package io.mianshen.audit;
