/** Web plumbing every service shares: the request id carried from the gateway into the logs. */
package io.mianshen.support.web;
