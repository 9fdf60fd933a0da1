/** What every service's OpenAPI description has in common: the bearer scheme and the gateway as its server. */
package io.mianshen.support.openapi;
