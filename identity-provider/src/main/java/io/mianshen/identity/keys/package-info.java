/** The signing key of every token and its JWKS. */
package io.mianshen.identity.keys;
