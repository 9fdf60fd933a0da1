/** HTTP read API of decisions and evaluations, with RFC 9457 problem details. */
package io.mianshen.eligibility.decision.web;
