/** The feed operators' contract page, rendered from the schemas so that page and schemas cannot drift. */
package io.mianshen.contracts.page;
