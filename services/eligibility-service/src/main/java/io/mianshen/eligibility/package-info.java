/** The eligibility service: facts in, policy evaluation, benefit decisions out. */
package io.mianshen.eligibility;
