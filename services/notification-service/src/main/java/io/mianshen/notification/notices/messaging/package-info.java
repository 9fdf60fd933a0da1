/** Reads benefit.decisions.v1 into notices. */
package io.mianshen.notification.notices.messaging;
