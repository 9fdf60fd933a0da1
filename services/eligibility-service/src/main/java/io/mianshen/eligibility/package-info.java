/** The eligibility service: facts in, policy evaluation, benefit decisions out; their publicity (公示), objections and review. */
package io.mianshen.eligibility;
