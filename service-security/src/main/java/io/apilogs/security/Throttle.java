package io.apilogs.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Duration;

/**
 * Token buckets by a caller's key (a client address, an API key id), per replica: {@code perSecond} refilled
 * greedily, up to {@code burst}. Buckets idle for ten minutes are dropped; at most 100,000 are kept (the least used go
 * first), so a flood of addresses cannot grow the heap.
 */
public final class Throttle {
    /** Allowed, or refused with the seconds to wait. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    private final long perSecond;
    private final long burst;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    public Throttle(long perSecond, long burst) {
        this(perSecond, burst, TimeMeter.SYSTEM_NANOTIME);
    }

    /** The same on {@code clock} (tests step it by hand). */
    public Throttle(long perSecond, long burst, TimeMeter clock) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs at least 1 per second and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    public String describe() {
        return perSecond + "/s (bursts of " + burst + ")";
    }

    /** Takes one token of {@code key}'s bucket. */
    public Decision take(String key) {
        return take(key, 1);
    }

    /** Takes {@code tokens} (at least 1) of {@code key}'s bucket, or none. */
    public Decision take(String key, long tokens) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(tokens);
        return probe.isConsumed() ? Decision.ALLOWED : refused(probe.getNanosToWaitForRefill());
    }

    /** Whether {@code key}'s bucket is empty now, taking nothing; refused with the wait when it is. */
    public Decision check(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return Decision.ALLOWED;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? Decision.ALLOWED : refused(probe.getNanosToWaitForRefill());
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder().withCustomTimePrecision(clock)
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1))).build());
    }

    private static Decision refused(long nanos) {
        return new Decision(false, Math.min(60, Math.max(1, nanos / 1_000_000_000L + 1)));
    }
}
