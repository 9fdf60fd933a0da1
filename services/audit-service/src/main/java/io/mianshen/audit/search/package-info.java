/** What auditors ask of the ledger: searches, a decision's history, totals against budget, CSV exports, and who asked. */
package io.mianshen.audit.search;
