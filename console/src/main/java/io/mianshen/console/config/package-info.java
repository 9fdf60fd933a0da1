/** The console's settings, its log-in through the identity provider, and its languages (Chinese first, English). */
package io.mianshen.console.config;
