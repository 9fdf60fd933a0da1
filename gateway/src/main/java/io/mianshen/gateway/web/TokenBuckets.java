package io.mianshen.gateway.web;

import reactor.core.publisher.Mono;

/** Per-client token buckets: where the gateway keeps how many requests each client may still send. */
interface TokenBuckets {

    /** Takes a token from the client's bucket: 0 when there was one, otherwise the whole seconds until there is. */
    Mono<Long> take(String client);

    /** Where the buckets are kept, for the start-up log and the docs. */
    String description();
}
