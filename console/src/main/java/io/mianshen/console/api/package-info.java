/** The APIs as the console calls them: through the gateway, with the signed-in person's token. */
package io.mianshen.console.api;
