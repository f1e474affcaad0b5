package io.apilogs.security;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Throttle throttle = new Throttle(2, 4, new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    });

    @Test
    void aBurstThenTheRateAndEachKeyOnItsOwn() {
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.take("a").allowed()).isTrue();
        }
        Throttle.Decision refused = throttle.take("a");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(throttle.check("a").allowed()).as("checking takes nothing, and sees the empty bucket").isFalse();
        assertThat(throttle.take("b").allowed()).isTrue();
        assertThat(throttle.check("c").allowed()).as("an unseen key has its whole burst").isTrue();
        nanos.addAndGet(500_000_000L);
        assertThat(throttle.check("a").allowed()).isTrue();
        assertThat(throttle.take("a").allowed()).isTrue();
        assertThat(throttle.take("a").allowed()).isFalse();
    }
}
