/** A service stops within seconds of SIGTERM, whatever the state of its database and broker. */
package io.mianshen.support.shutdown;
