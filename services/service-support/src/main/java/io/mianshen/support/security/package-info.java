/** Bearer tokens (JWT, HS256) checked by every service behind the gateway; refusals as problem details. */
package io.mianshen.support.security;
