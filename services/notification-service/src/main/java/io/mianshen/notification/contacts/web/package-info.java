/** An enterprise reads and rotates its webhook signing secret. */
package io.mianshen.notification.contacts.web;
