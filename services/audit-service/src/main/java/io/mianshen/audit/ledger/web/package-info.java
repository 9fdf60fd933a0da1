/** {@code POST /api/audit/verify} (recompute the chain, name the first broken entry), and the ledger export and checkpoint key for checking offline. */
package io.mianshen.audit.ledger.web;
