/**
 * Publicity (公示): a granted or increased cash benefit of a policy that says so is published for a number of
 * working days before it is final; the public list, each grant's window and status, and China's working-day
 * calendar the windows are counted by.
 */
package io.mianshen.eligibility.publicity;
