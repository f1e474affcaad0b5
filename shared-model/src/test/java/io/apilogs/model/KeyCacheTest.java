package io.apilogs.model;

import io.apilogs.model.auth.KeyCache;
import io.apilogs.model.auth.KeyInfo;
import io.apilogs.model.auth.KeyLookup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicBoolean storeUp = new AtomicBoolean(true);
    private final AtomicBoolean revoked = new AtomicBoolean(false);
    private final AtomicInteger loads = new AtomicInteger();
    private final String key = ApiKeys.newKey(ApiKeys.Scope.INGEST);
    private final KeyInfo info = new KeyInfo("k1", "ws1", ApiKeys.Scope.INGEST);

    private final KeyCache cache = new KeyCache(hash -> {
        loads.incrementAndGet();
        if (!storeUp.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        }
        return CompletableFuture.completedFuture(hash.equals(ApiKeys.hash(key)) && !revoked.get() ? Optional.of(info) : Optional.empty());
    }, Duration.ofSeconds(30), Duration.ofSeconds(5), 1000, now::get);

    private KeyLookup lookup(String k) {
        return cache.lookup(k).toCompletableFuture().join();
    }

    @Test
    void knownKeyIsServedFromCacheUntilRefresh() {
        assertThat(lookup(key)).isEqualTo(new KeyLookup.Found(info));
        assertThat(lookup(key)).isEqualTo(new KeyLookup.Found(info));
        assertThat(loads).hasValue(1);
    }

    @Test
    void revocationTakesEffectAfterRefresh() {
        lookup(key);
        revoked.set(true);
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(lookup(key)).isEqualTo(KeyLookup.UNKNOWN);
    }

    @Test
    void knownKeyKeepsWorkingWhileTheStoreIsDown() {
        lookup(key);
        storeUp.set(false);
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(lookup(key)).isEqualTo(new KeyLookup.Found(info));
    }

    @Test
    void uncachedKeyWhileTheStoreIsDownIsUnavailableNotUnknown() {
        storeUp.set(false);
        assertThat(lookup(key)).isEqualTo(KeyLookup.UNAVAILABLE);
    }

    @Test
    void malformedKeysNeverReachTheStore() {
        assertThat(lookup("x y")).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(lookup(null)).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(loads).hasValue(0);
    }
}
