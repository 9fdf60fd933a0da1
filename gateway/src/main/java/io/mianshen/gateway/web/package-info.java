/** Cross-cutting web filters of the gateway: request ids, body limits, problem details for failed routes. */
package io.mianshen.gateway.web;
