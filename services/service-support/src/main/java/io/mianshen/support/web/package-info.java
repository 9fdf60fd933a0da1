/** Web plumbing every service shares: the request id carried from the gateway into the logs, one problem+json shape for every 400, body limits, daily limits. */
package io.mianshen.support.web;
