/**
 * The pages, one controller per kind of user: the public's publicity list, the enterprise's notices and benefits,
 * the reviewer's queue and rulings, the auditor's searches, histories, totals and exports, and the policy officer's
 * policies, publishing and backfills.
 */
package io.mianshen.console.web;
