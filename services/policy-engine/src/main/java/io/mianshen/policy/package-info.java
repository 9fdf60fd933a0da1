/**
 * Policies as code: YAML policy files with CEL clauses and formulas, loaded with every problem
 * listed, evaluated on an enterprise's facts for a period into an explained, exact result.
 * No Spring and no I/O beyond reading policy files.
 */
package io.mianshen.policy;
