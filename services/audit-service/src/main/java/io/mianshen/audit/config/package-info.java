/** Wiring: settings (the checkpoint keys), topics, security rules and the clock. */
package io.mianshen.audit.config;
