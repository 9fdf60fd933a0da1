/**
 * Review of objections during publicity (复核): a reviewer's queue of published grants with open objections, and the
 * ruling (UPHELD with a correction, or REJECTED), published as {@code gov.publicity.ruled.v1} and applied from that
 * event, once, as a revocation or adjustment final for the facts it was made on.
 */
package io.mianshen.eligibility.review;
