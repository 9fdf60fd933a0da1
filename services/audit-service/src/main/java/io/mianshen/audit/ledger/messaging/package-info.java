/** Reads benefit.decisions.v1 and notices.v1 into the ledger. */
package io.mianshen.audit.ledger.messaging;
