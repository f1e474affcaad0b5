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
    private final AtomicLong now = new AtomicLong(1);
    private final AtomicBoolean storeUp = new AtomicBoolean(true);
    private final AtomicBoolean revoked = new AtomicBoolean(false);
    private final AtomicInteger loads = new AtomicInteger();
    private final String hash = ApiKeys.hash(ApiKeys.newKey(ApiKeys.Scope.INGEST));
    private final KeyInfo info = new KeyInfo("k1", "ws1", ApiKeys.Scope.INGEST);

    private final KeyCache cache = new KeyCache(h -> {
        loads.incrementAndGet();
        if (!storeUp.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("down"));
        }
        return CompletableFuture.completedFuture(h.equals(hash) && !revoked.get() ? Optional.of(info) : Optional.empty());
    }, Duration.ofSeconds(20), Duration.ofSeconds(45), Duration.ofSeconds(5), 1000, now::get, Runnable::run);

    private KeyLookup lookup(String k) {
        return cache.lookup(k).toCompletableFuture().join();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void knownKeyIsServedFromCacheUntilRefresh() {
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
        advance(Duration.ofSeconds(10));
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
        assertThat(loads).hasValue(1);
    }

    @Test
    void aKeyInUseIsRefreshedInTheBackgroundAndARevocationCountsAtTheNextRequest() {
        lookup(hash);
        revoked.set(true);
        advance(Duration.ofSeconds(21));
        lookup(hash); // answered from the entry, triggers the refresh (run inline here)
        assertThat(loads).hasValue(2);
        assertThat(lookup(hash)).isEqualTo(KeyLookup.UNKNOWN);
    }

    @Test
    void aRarelyUsedKeyIsNeverAnsweredFromAnEntryOlderThanMaxAge() {
        lookup(hash);
        revoked.set(true);
        advance(Duration.ofMinutes(30));
        assertThat(lookup(hash)).isEqualTo(KeyLookup.UNKNOWN);
    }

    @Test
    void knownKeyKeepsWorkingWhileTheStoreIsDown() {
        lookup(hash);
        storeUp.set(false);
        advance(Duration.ofMinutes(5));
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
        int attempts = loads.get();
        // During the outage, requests do not each wait on the store: the next forced reload comes after a pause.
        advance(Duration.ofSeconds(1));
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
        assertThat(loads).hasValue(attempts);
        advance(Duration.ofSeconds(30));
        storeUp.set(true);
        revoked.set(true);
        lookup(hash);
        assertThat(lookup(hash)).isEqualTo(KeyLookup.UNKNOWN);
    }

    @Test
    void aKeyTheStoreHasNotConfirmedForTenMinutesIsNoLongerServed() {
        lookup(hash);
        storeUp.set(false);
        advance(Duration.ofMinutes(9));
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
        advance(Duration.ofMinutes(2));
        assertThat(lookup(hash)).isEqualTo(KeyLookup.UNAVAILABLE);
        storeUp.set(true);
        advance(Duration.ofSeconds(6));
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
    }

    @Test
    void uncachedKeyWhileTheStoreIsDownIsUnavailableNotUnknown() {
        storeUp.set(false);
        assertThat(lookup(hash)).isEqualTo(KeyLookup.UNAVAILABLE);
        storeUp.set(true);
        assertThat(lookup(hash)).isEqualTo(new KeyLookup.Found(info));
    }

    @Test
    void unknownKeysAreRememberedBriefly() {
        assertThat(lookup("nope")).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(lookup("nope")).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(loads).hasValue(1);
        advance(Duration.ofSeconds(6));
        assertThat(lookup("nope")).isEqualTo(KeyLookup.UNKNOWN);
        assertThat(loads).hasValue(2);
    }

    @Test
    void invalidateAllForgetsAtOnce() {
        lookup(hash);
        revoked.set(true);
        cache.invalidateAll();
        assertThat(lookup(hash)).isEqualTo(KeyLookup.UNKNOWN);
    }
}
