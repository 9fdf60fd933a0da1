/** The enterprises' own objections, read from {@code notices.v1}, joined to the grants in publicity they object to. */
package io.mianshen.eligibility.publicity.messaging;
