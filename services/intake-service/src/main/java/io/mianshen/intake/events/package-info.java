/** Fact events over HTTP: checked against the contract, accepted once per (source, id), published to their topic. */
package io.mianshen.intake.events;
