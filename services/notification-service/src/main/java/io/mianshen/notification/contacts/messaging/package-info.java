/** Reads enterprise.registry.v1 into the contact directory. */
package io.mianshen.notification.contacts.messaging;
