/** The objections API. */
package io.mianshen.notification.objections.web;
