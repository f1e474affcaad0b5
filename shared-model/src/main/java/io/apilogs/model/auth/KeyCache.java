package io.apilogs.model.auth;

import io.apilogs.model.ApiKeys;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Caches key checks by key hash. Known keys are re-checked after {@code refreshAfter}, so a revocation takes effect
 * within that time; when the store is unreachable a known key keeps working from its stale entry, which is what lets
 * ingest go on while PostgreSQL is down. Unknown keys are cached briefly so random keys cannot hammer the store.
 */
public final class KeyCache {
    private record Entry(Optional<KeyInfo> key, long loadedAtNanos) {
    }

    private final Function<String, CompletionStage<Optional<KeyInfo>>> loader;
    private final long refreshAfterNanos;
    private final long negativeTtlNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param loader looks a key up by its SHA-256 hash; empty when unknown or revoked; fails when the store is unreachable */
    public KeyCache(Function<String, CompletionStage<Optional<KeyInfo>>> loader, Duration refreshAfter,
                    Duration negativeTtl, int maxEntries, LongSupplier clock) {
        this.loader = loader;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.negativeTtlNanos = negativeTtl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public KeyCache(Function<String, CompletionStage<Optional<KeyInfo>>> loader) {
        this(loader, Duration.ofSeconds(30), Duration.ofSeconds(5), 100_000, System::nanoTime);
    }

    public CompletionStage<KeyLookup> lookup(String presentedKey) {
        if (!ApiKeys.looksLikeKey(presentedKey)) {
            return CompletableFuture.completedFuture(KeyLookup.UNKNOWN);
        }
        String hash = ApiKeys.hash(presentedKey);
        long now = clock.getAsLong();
        Entry cached = entries.get(hash);
        if (cached != null && now - cached.loadedAtNanos < (cached.key.isPresent() ? refreshAfterNanos : negativeTtlNanos)) {
            return CompletableFuture.completedFuture(toLookup(cached.key));
        }
        CompletionStage<Optional<KeyInfo>> loading;
        try {
            loading = loader.apply(hash);
        } catch (RuntimeException e) {
            loading = CompletableFuture.failedFuture(e);
        }
        return loading.handle((key, failure) -> {
            if (failure != null) {
                return cached != null && cached.key.isPresent() ? toLookup(cached.key) : KeyLookup.UNAVAILABLE;
            }
            if (entries.size() >= maxEntries) {
                entries.values().removeIf(e -> e.key.isEmpty());
                if (entries.size() >= maxEntries) {
                    entries.clear();
                }
            }
            entries.put(hash, new Entry(key, clock.getAsLong()));
            return toLookup(key);
        });
    }

    /** Forgets a key at once, for revocations made by this process. */
    public void invalidateAll() {
        entries.clear();
    }

    private static KeyLookup toLookup(Optional<KeyInfo> key) {
        return key.<KeyLookup>map(KeyLookup.Found::new).orElse(KeyLookup.UNKNOWN);
    }
}
