/** The policy officers' command line: check, test and evaluate policy files. */
package io.mianshen.policy.cli;
