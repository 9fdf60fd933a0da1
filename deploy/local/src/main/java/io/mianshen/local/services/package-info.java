/** The identity provider, the four services and the gateway, each started from its built jar as a process of its own. */
package io.mianshen.local.services;
