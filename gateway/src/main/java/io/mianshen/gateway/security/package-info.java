/** Who may call which route: JWT (HS256 secret or JWKS), roles, an enterprise's own USCC; 401/403 as problem details. */
package io.mianshen.gateway.security;
