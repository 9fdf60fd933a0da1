/** The local stack's identity provider (Spring Authorization Server): clients, development log-in, signing keys. */
package io.mianshen.identity;
