/** The contact directory (e-mail, mobile, webhook URL) kept from enterprise.registry.v1, and webhook signing secrets. */
package io.mianshen.notification.contacts;
