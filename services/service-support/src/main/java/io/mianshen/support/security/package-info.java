/** Bearer tokens (RS256 JWTs from the configured identity provider) checked by every service behind the gateway; refusals as problem details. */
package io.mianshen.support.security;
