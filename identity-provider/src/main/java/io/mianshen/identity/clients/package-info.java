/** Machine clients (feeds, services, metrics scrapers) and the claims of their tokens. */
package io.mianshen.identity.clients;
