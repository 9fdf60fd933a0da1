/** The development log-in for people on the local stack. */
package io.mianshen.identity.login;
