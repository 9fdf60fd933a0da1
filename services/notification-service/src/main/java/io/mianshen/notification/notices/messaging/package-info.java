/** Reads benefit.decisions.v1 and the rulings on benefit.publicity.v1 into notices. */
package io.mianshen.notification.notices.messaging;
