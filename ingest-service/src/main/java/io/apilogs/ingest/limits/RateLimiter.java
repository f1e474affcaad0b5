package io.apilogs.ingest.limits;

import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.security.Throttle;
import io.github.bucket4j.TimeMeter;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * Per-key token buckets ({@link Throttle}, Bucket4j) for requests/s and events/s, held per replica: with N replicas
 * behind a balancer a key gets up to N times the configured rate. Buckets of keys idle for ten minutes are dropped.
 */
@ApplicationScoped
public class RateLimiter {
    /** The outcome: allowed, or refused with the seconds to wait. */
    public record Decision(boolean allowed, long retryAfterSeconds, String limit) {
        static final Decision ALLOWED = new Decision(true, 0, null);
    }

    private final long requestsPerSecond;
    private final long eventsPerSecond;
    private final Throttle requests;
    private final Throttle events;

    @Inject
    public RateLimiter(IngestConfig config) {
        this(config, TimeMeter.SYSTEM_NANOTIME);
    }

    RateLimiter(IngestConfig config, TimeMeter clock) {
        this.requestsPerSecond = config.rateLimit().requestsPerSecond();
        this.eventsPerSecond = config.rateLimit().eventsPerSecond();
        // The burst is one second's worth.
        this.requests = new Throttle(requestsPerSecond, requestsPerSecond, clock);
        this.events = new Throttle(eventsPerSecond, eventsPerSecond, clock);
    }

    /** One request of this key, checked before its body is read. */
    public Decision request(String keyId) {
        return decision(requests.take(keyId), requestsPerSecond + " requests/s");
    }

    /** A batch of this key's events, checked before any of them is published. */
    public Decision events(String keyId, int count) {
        if (count == 0) {
            return Decision.ALLOWED; // an OTLP export with no GenAI span (Bucket4j refuses to take 0 tokens)
        }
        if (count > eventsPerSecond) {
            // More than a second's worth can never be taken at once: say so instead of promising a later success.
            return new Decision(false, 60, eventsPerSecond + " events/s (a batch may hold at most " + eventsPerSecond + " events)");
        }
        return decision(events.take(keyId, count), eventsPerSecond + " events/s");
    }

    private static Decision decision(Throttle.Decision taken, String limit) {
        return taken.allowed() ? Decision.ALLOWED : new Decision(false, taken.retryAfterSeconds(), limit);
    }
}
