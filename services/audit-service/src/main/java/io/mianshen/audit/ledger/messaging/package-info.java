/** Reads benefit.decisions.v1, notices.v1 and benefit.publicity.v1 into the ledger. */
package io.mianshen.audit.ledger.messaging;
