/** The enterprise's inbox API. */
package io.mianshen.notification.notices.web;
