/** {@code POST /api/audit/verify}: recompute the chain and name the first broken entry. */
package io.mianshen.audit.ledger.web;
