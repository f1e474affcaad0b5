package io.apilogs.ingest.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.apilogs.ingest.config.IngestConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Per-key token buckets (Bucket4j) for requests/s and events/s, held per replica: with N replicas behind a balancer a
 * key gets up to N times the configured rate. Buckets of keys idle for ten minutes are dropped.
 */
@ApplicationScoped
public class RateLimiter {
    /** The outcome: allowed, or refused with the seconds to wait. */
    public record Decision(boolean allowed, long retryAfterSeconds, String limit) {
        static final Decision ALLOWED = new Decision(true, 0, null);
    }

    private final long requestsPerSecond;
    private final long eventsPerSecond;
    private final TimeMeter clock;
    private final Cache<String, Bucket> requests = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Cache<String, Bucket> events = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    @Inject
    public RateLimiter(IngestConfig config) {
        this(config, TimeMeter.SYSTEM_NANOTIME);
    }

    RateLimiter(IngestConfig config, TimeMeter clock) {
        this.requestsPerSecond = config.rateLimit().requestsPerSecond();
        this.eventsPerSecond = config.rateLimit().eventsPerSecond();
        this.clock = clock;
    }

    /** One request of this key, checked before its body is read. */
    public Decision request(String keyId) {
        return take(requests.get(keyId, k -> bucket(requestsPerSecond)), 1, requestsPerSecond + " requests/s");
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
        return take(events.get(keyId, k -> bucket(eventsPerSecond)), count, eventsPerSecond + " events/s");
    }

    private Bucket bucket(long perSecond) {
        return Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))).build();
    }

    private static Decision take(Bucket bucket, long tokens, String limit) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return Decision.ALLOWED;
        }
        long waitSeconds = probe.getNanosToWaitForRefill() / 1_000_000_000L + 1;
        return new Decision(false, Math.min(60, Math.max(1, waitSeconds)), limit);
    }
}
