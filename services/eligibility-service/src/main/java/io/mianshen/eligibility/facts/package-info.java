/** The fact log: every accepted fact event, stored once per (source, id). */
package io.mianshen.eligibility.facts;
