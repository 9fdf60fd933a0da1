/** Cross-cutting web filters of the gateway and its settings: request and trace ids, body and URI limits, per-client rate limits, problem details for failed routes. */
package io.mianshen.gateway.web;
