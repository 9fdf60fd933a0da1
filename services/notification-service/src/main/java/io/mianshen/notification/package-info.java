/** The notification-service: decisions in, notices to enterprises out (inbox, e-mail, signed webhook), and the enterprise inbox API. */
package io.mianshen.notification;
