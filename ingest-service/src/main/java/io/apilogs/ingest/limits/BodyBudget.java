package io.apilogs.ingest.limits;

import io.apilogs.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held at once across all connections: read so far, and inflated from gzip. A request
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

    /** A request's share of the budget; not thread-safe for growing, safe to release from any thread. */
    public Reservation reserve() {
        return new Reservation();
    }

    public final class Reservation {
        private final AtomicLong held = new AtomicLong();

        private Reservation() {
        }

        /** Takes {@code bytes} more, or nothing and false when the budget has not that much left. */
        public boolean grow(long bytes) {
            while (true) {
                long now = used.get();
                if (now + bytes > limit) {
                    return false;
                }
                if (used.compareAndSet(now, now + bytes)) {
                    held.addAndGet(bytes);
                    return true;
                }
            }
        }

        /** Gives back everything this request holds; later calls do nothing. */
        public void release() {
            long bytes = held.getAndSet(0);
            if (bytes > 0) {
                used.addAndGet(-bytes);
            }
        }

        public long held() {
            return held.get();
        }
    }
}
