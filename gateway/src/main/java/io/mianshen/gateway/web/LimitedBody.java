package io.mianshen.gateway.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

/**
 * A request body counted as it streams, for bodies whose length is not declared up front (chunked): the
 * reader downstream (the route to a service) gets the bytes until they pass the limit, then a
 * {@link BodyTooLarge} error instead of the rest, so that no service ever receives a cut-off body as if it were
 * whole. Past the limit the rest of the body is still read and thrown away, up to {@code discardLimit} bytes,
 * so that the caller, still sending, is not reset before it reads the 413: {@link #ended()} tells when it has
 * stopped arriving. Nothing is held: each buffer is passed on or released as it comes.
 */
final class LimitedBody {

    private final Flux<DataBuffer> source;
    private final long limit;
    private final long discardLimit;
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final AtomicBoolean exceeded = new AtomicBoolean();
    private volatile Reader reader;

    LimitedBody(Flux<DataBuffer> source, long limit, long discardLimit) {
        this.source = source;
        this.limit = limit;
        this.discardLimit = discardLimit;
    }

    /** The body as the route reads it (once). */
    Flux<DataBuffer> flux() {
        return Flux.create(sink -> {
            Reader reading = new Reader(sink);
            reader = reading;
            // subscribed first: the route's demand is passed on from here, and may be asked for at once
            source.subscribe(reading);
            sink.onRequest(n -> {
                if (!exceeded.get()) {
                    reading.demand(n);
                }
            });
            sink.onCancel(() -> {
                if (!exceeded.get()) {
                    reading.cancel();
                    ended.tryEmitEmpty();
                }
            });
        });
    }

    /** Whether the body went past the limit. */
    boolean exceeded() {
        return exceeded.get();
    }

    /**
     * Completes when the caller's body has stopped arriving (its end, a closed connection, the discard limit),
     * or after {@code patience}, whichever comes first; then nothing more of it is read.
     */
    Mono<Void> ended(Duration patience) {
        return ended.asMono().timeout(patience, Mono.empty()).doFinally(signal -> {
            Reader reading = reader;
            if (reading != null) {
                reading.cancel();
            }
        });
    }

    /** Reads the caller's body: passes it on up to the limit, discards the rest up to the discard limit. */
    private final class Reader extends BaseSubscriber<DataBuffer> {

        private final reactor.core.publisher.FluxSink<DataBuffer> sink;
        private long bytes;
        private boolean subscribed;
        private long early;

        Reader(reactor.core.publisher.FluxSink<DataBuffer> sink) {
            this.sink = sink;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            long asked;
            synchronized (this) {
                subscribed = true;
                asked = early;
                early = 0;
            }
            if (asked > 0) {
                subscription.request(asked);
            }
        }

        /**
         * Passes on the route's demand until the limit (then the discarding asks for itself). The server may
         * subscribe this reader later, on its connection's event loop: demand asked for before that is kept.
         */
        void demand(long n) {
            synchronized (this) {
                if (!subscribed) {
                    early = Operators.addCap(early, n);
                    return;
                }
            }
            request(n);
        }

        @Override
        protected void hookOnNext(DataBuffer buffer) {
            bytes += buffer.readableByteCount();
            if (bytes <= limit && !exceeded.get()) {
                sink.next(buffer);
                return;
            }
            DataBufferUtils.release(buffer);
            if (exceeded.compareAndSet(false, true)) {
                sink.error(new BodyTooLarge("the body passed " + limit + " bytes while it streamed"));
            }
            if (bytes - limit > discardLimit) {
                cancel();
                ended.tryEmitEmpty();
            } else {
                request(1);
            }
        }

        @Override
        protected void hookOnComplete() {
            if (!exceeded.get()) {
                sink.complete();
            }
            ended.tryEmitEmpty();
        }

        @Override
        protected void hookOnError(Throwable error) {
            if (!exceeded.get()) {
                sink.error(error);
            }
            ended.tryEmitEmpty();
        }
    }
}
