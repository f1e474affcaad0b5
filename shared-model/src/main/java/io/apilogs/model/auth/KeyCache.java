package io.apilogs.model.auth;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Caches key checks (Caffeine). A known key is refreshed in the background {@code refreshAfter} after it was loaded,
 * and an entry older than {@code maxAge} is reloaded before it is answered, so a revocation takes effect within
 * {@code maxAge} even for a key that is rarely used. When the store is unreachable a known key keeps working from its
 * last good entry (the failed refresh keeps it), which is what lets ingest go on while PostgreSQL is down, for at most
 * {@link #MAX_UNCONFIRMED}. Unknown keys
 * are cached for {@code negativeTtl} so random keys cannot hammer the store. Eviction is Caffeine's size-bounded
 * W-TinyLFU, never a wholesale clear.
 */
public final class KeyCache {
    /** {@code loadedAtNanos} decides the next check; {@code confirmedAtNanos} is when the store last answered for it. */
    private record Entry(Optional<KeyInfo> key, long loadedAtNanos, long confirmedAtNanos) {
    }

    private static final Duration RETRY_WHILE_DOWN = Duration.ofSeconds(5);
    /** A key the store has not confirmed for this long is no longer served from the cache: a revocation made while the
     * store could not be reached from here (or while refreshes were made to fail) cannot go on working without bound. */
    public static final Duration MAX_UNCONFIRMED = Duration.ofMinutes(10);

    private final AsyncLoadingCache<String, Entry> cache;
    private final Ticker ticker;
    private final long maxAgeNanos;

    /**
     * @param loader looks a key up by its cache key (a key hash, or a key id); empty when unknown or revoked; fails
     *               when the store is unreachable
     */
    public KeyCache(Function<String, CompletionStage<Optional<KeyInfo>>> loader, Duration refreshAfter, Duration maxAge,
                    Duration negativeTtl, int maxEntries, Ticker ticker, Executor executor) {
        this.ticker = ticker;
        this.maxAgeNanos = maxAge.toNanos();
        long negativeTtlNanos = negativeTtl.toNanos();
        AsyncCacheLoader<String, Entry> load = new AsyncCacheLoader<>() {
            @Override
            public CompletableFuture<Entry> asyncLoad(String key, Executor unused) {
                CompletionStage<Optional<KeyInfo>> loading;
                try {
                    loading = loader.apply(key);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return loading.thenApply(found -> {
                    long now = ticker.read();
                    return new Entry(found, now, now);
                }).toCompletableFuture();
            }

            @Override
            public CompletableFuture<Entry> asyncReload(String key, Entry old, Executor unused) {
                // A failed refresh keeps the last good entry instead of dropping the key, and is retried before an
                // answer only after RETRY_WHILE_DOWN, so an outage does not make every request wait on the store.
                return asyncLoad(key, unused).exceptionally(failure ->
                        new Entry(old.key, ticker.read() - maxAgeNanos + RETRY_WHILE_DOWN.toNanos(), old.confirmedAtNanos));
            }
        };
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .refreshAfterWrite(refreshAfter)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return entry.key.isPresent() ? Long.MAX_VALUE : negativeTtlNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                .executor(executor)
                .buildAsync(load);
    }

    /** Refresh after 20 s, answer nothing older than 45 s (revocations count within 60 s), unknown keys for 5 s. */
    public KeyCache(Function<String, CompletionStage<Optional<KeyInfo>>> loader) {
        this(loader, Duration.ofSeconds(20), Duration.ofSeconds(45), Duration.ofSeconds(5), 100_000,
                Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** The key stored under {@code cacheKey}; {@link KeyLookup#UNAVAILABLE} when the store is down and it is not cached. */
    public CompletionStage<KeyLookup> lookup(String cacheKey) {
        return cache.get(cacheKey)
                .thenCompose(entry -> ticker.read() - entry.loadedAtNanos >= maxAgeNanos
                        ? cache.synchronous().refresh(cacheKey)
                        : CompletableFuture.completedFuture(entry))
                .handle((entry, failure) -> failure != null || entry == null
                        || ticker.read() - entry.confirmedAtNanos > MAX_UNCONFIRMED.toNanos() ? KeyLookup.UNAVAILABLE : toLookup(entry.key));
    }

    /** Forgets every key at once, for revocations made by this process. */
    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    private static KeyLookup toLookup(Optional<KeyInfo> key) {
        return key.<KeyLookup>map(KeyLookup.Found::new).orElse(KeyLookup.UNKNOWN);
    }
}
