package io.apilogs.ingest.limits;

import io.apilogs.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held at once across all connections: read so far, inflated from gzip, and the trees
 * parsing builds from them ({@link ChargedNodes}, charged by JSON token or protobuf field before they grow). A request
 * reserves its bytes as they arrive; one that would take the total past {@code APILOGS_INGEST_INFLIGHT_BYTES} is
 * answered 503 with {@code Retry-After}, so a burst of large bodies is pushed back instead of growing the heap. The
 * reservation is released when the answer has been sent (or the connection dropped).
 */
@ApplicationScoped
public class BodyBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    @Inject
    public BodyBudget(IngestConfig config, MeterRegistry registry) {
        this(config.inflightBytes());
        Gauge.builder("apilogs.ingest.inflight.bytes", used, AtomicLong::get)
                .description("request body bytes held at once (read or inflated), against APILOGS_INGEST_INFLIGHT_BYTES")
                .register(registry);
    }

    BodyBudget(long limit) {
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    /** A request's share of the budget, held by the exchange until it has been answered (or dropped). */
    public Reservation reserve() {
        return new Reservation();
    }

    /** What {@link Reservation#take} did. */
    public enum Take { TAKEN, BUSY, NEVER }

    /**
     * The bytes one request holds. Its parties are the exchange and, once it runs, the worker that parses the body: the
     * bytes go back when both have left, so a client that drops its connection while its body waits for a worker (or
     * is being parsed) gives nothing back early. Once given back, a reservation takes nothing more.
     */
    public final class Reservation {
        private long held;
        private int parties = 1;
        private boolean closed;

        private Reservation() {
        }

        /** Takes {@code bytes} more, or nothing and false when the budget has not that much left or this is given back. */
        public synchronized boolean grow(long bytes) {
            if (closed) {
                return false;
            }
            while (true) {
                long now = used.get();
                if (now + bytes > limit) {
                    return false;
                }
                if (used.compareAndSet(now, now + bytes)) {
                    held += bytes;
                    return true;
                }
            }
        }

        /**
         * Takes {@code bytes} more for what parsing builds from the body: {@link Take#NEVER} when this request alone
         * would hold more than the whole budget (waiting cannot help), {@link Take#BUSY} when others hold the rest.
         */
        public synchronized Take take(long bytes) {
            if (held + bytes > limit) {
                return Take.NEVER;
            }
            return grow(bytes) ? Take.TAKEN : Take.BUSY;
        }

        /** Another party (the worker) holds the bytes too; false when they were already given back (nothing to do). */
        public synchronized boolean join() {
            if (closed) {
                return false;
            }
            parties++;
            return true;
        }

        /** A party is done with the bytes; the last one gives them back. Leaving more often than joining does nothing. */
        public synchronized void leave() {
            if (closed) {
                return;
            }
            if (--parties <= 0) {
                closed = true;
                used.addAndGet(-held);
                held = 0;
            }
        }

        public synchronized long held() {
            return held;
        }
    }
}
