/** Policy administration: publishing checked versions, and the backfill that re-decides every enterprise after one goes live. */
package io.mianshen.eligibility.admin;
