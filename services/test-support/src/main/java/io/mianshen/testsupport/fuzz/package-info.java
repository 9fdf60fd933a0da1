/** Fuzzing the consumers through a real broker: mutants of the contract's examples, and what became of each. */
package io.mianshen.testsupport.fuzz;
