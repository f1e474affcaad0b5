package io.apilogs.query.service;

import io.apilogs.model.api.Problem;
import io.apilogs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many live streams one key may hold open at once on this replica (streams opened with a stream token count
 * against the key that minted it). One over the limit answers 429 with Retry-After; a stream gives its place back when
 * it ends, however it ends.
 */
@ApplicationScoped
public class StreamQuota {
    static final int RETRY_AFTER_SECONDS = 5;

    private final int maxPerKey;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    public StreamQuota(QueryConfig config) {
        this.maxPerKey = config.streams().maxPerKey();
    }

    /** Takes a place for the key, or throws the 429 to answer. Every successful call needs one {@link #release}. */
    public void acquire(String keyId) {
        String key = keyId == null ? "" : keyId;
        boolean[] taken = new boolean[1];
        open.compute(key, (k, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < maxPerKey) {
                current.incrementAndGet();
                taken[0] = true;
            }
            return current;
        });
        if (!taken[0]) {
            Problem problem = Problem.of(429, "Too Many Requests", "this key already has " + maxPerKey
                    + " live streams open on this server; close one, or use another key");
            throw new WebApplicationException(Response.status(429).type(Problem.MEDIA_TYPE).entity(problem)
                    .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build());
        }
    }

    public void release(String keyId) {
        open.computeIfPresent(keyId == null ? "" : keyId, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    public int open(String keyId) {
        AtomicInteger count = open.get(keyId == null ? "" : keyId);
        return count == null ? 0 : count.get();
    }
}
