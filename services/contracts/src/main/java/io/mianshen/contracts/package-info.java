/**
 * The public event contract of events.md as code: the catalogue of topics and types, the JSON Schemas,
 * USCC checking, and a validator that names every violated rule with its JSON Pointer.
 */
package io.mianshen.contracts;
