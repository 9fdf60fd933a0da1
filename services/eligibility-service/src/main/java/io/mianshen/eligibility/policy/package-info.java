/** The policy versions in force: the bundled pack, and which policies read which facts. */
package io.mianshen.eligibility.policy;
