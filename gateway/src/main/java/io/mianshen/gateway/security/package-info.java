/** Who may call which route: RS256 JWTs checked through the identity provider's JWKS, roles, an enterprise's own USCC; 401/403 as problem details. */
package io.mianshen.gateway.security;
