package io.apilogs.ingest.limits;

import io.apilogs.ingest.config.IngestConfig;
import org.junit.jupiter.api.Test;

import io.github.bucket4j.TimeMeter;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    private static IngestConfig config(long requests, long events) {
        IngestConfig.RateLimit limit = new IngestConfig.RateLimit() {
            @Override
            public long requestsPerSecond() {
                return requests;
            }

            @Override
            public long eventsPerSecond() {
                return events;
            }
        };
        return (IngestConfig) Proxy.newProxyInstance(IngestConfig.class.getClassLoader(), new Class<?>[]{IngestConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rateLimit")) {
                        return limit;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void requestsPastTheBurstAreRefusedWithAWait() {
        RateLimiter limiter = new RateLimiter(config(5, 1000), clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.request("k1").allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.request("k1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
        assertThat(refused.limit()).isEqualTo("5 requests/s");
        nanos.addAndGet(Duration.ofMillis(200).toNanos());
        assertThat(limiter.request("k1").allowed()).isTrue();
        assertThat(limiter.request("k2").allowed()).as("another key has its own bucket").isTrue();
    }

    @Test
    void eventsAreCountedPerBatch() {
        RateLimiter limiter = new RateLimiter(config(100, 1000), clock);
        assertThat(limiter.events("k1", 600).allowed()).isTrue();
        assertThat(limiter.events("k1", 600).allowed()).isFalse();
        assertThat(limiter.events("k1", 400).allowed()).isTrue();
        nanos.addAndGet(Duration.ofMillis(600).toNanos());
        assertThat(limiter.events("k1", 600).allowed()).as("refilled at 1000 per second").isTrue();
        RateLimiter.Decision tooBig = limiter.events("k2", 5000);
        assertThat(tooBig.allowed()).isFalse();
        assertThat(tooBig.retryAfterSeconds()).isBetween(1L, 60L);
    }
}
