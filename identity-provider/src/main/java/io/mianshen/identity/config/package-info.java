/** The identity provider's settings. */
package io.mianshen.identity.config;
