/** The policy versions in force: the bundled pack (or a folder's), the versions published since, and which policies read which facts. */
package io.mianshen.eligibility.policy;
