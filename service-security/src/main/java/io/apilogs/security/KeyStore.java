package io.apilogs.security;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.auth.KeyCache;
import io.apilogs.model.auth.KeyInfo;
import io.apilogs.model.auth.KeyLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Checks keys against {@code api_keys} through two caches: by the hash of a presented key, and by key id for tokens a
 * key minted (so revoking a key also ends its tokens). Revocations made by this process drop both caches at once;
 * revocations made elsewhere count within the caches' 45 s bound.
 */
@ApplicationScoped
public class KeyStore {
    private static final String COLUMNS = "select id, workspace_id, scope from api_keys ";
    /** Revoked keys and expired session keys are refused alike. */
    private static final String ACTIVE = " and revoked_at is null and (expires_at is null or expires_at > now())";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_LOOKUPS_IN_FLIGHT = 32;

    private final Pool pool;
    private final KeyCache byHash;
    private final KeyCache byId;
    private final AtomicInteger inFlight = new AtomicInteger();

    public KeyStore(Pool pool) {
        this.pool = pool;
        this.byHash = new KeyCache(hash -> find(COLUMNS + "where key_hash = $1" + ACTIVE, hash));
        this.byId = new KeyCache(id -> find(COLUMNS + "where id = $1" + ACTIVE, id));
    }

    /** The key presented in a request; malformed keys never reach the database. */
    public Uni<KeyLookup> presented(String key) {
        if (!ApiKeys.looksLikeKey(key)) {
            return Uni.createFrom().item(KeyLookup.UNKNOWN);
        }
        return onCallersContext(() -> byHash.lookup(ApiKeys.hash(key)));
    }

    /** A key by id, for credentials derived from a key. */
    public Uni<KeyLookup> byId(String keyId) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > 128) {
            return Uni.createFrom().item(KeyLookup.UNKNOWN);
        }
        return onCallersContext(() -> byId.lookup(keyId));
    }

    /**
     * Concurrent lookups of one key share one load, which completes on the context of the request that started it. Each
     * request must go on on its own (duplicated) context, where its Hibernate Reactive session and request state live.
     */
    private static Uni<KeyLookup> onCallersContext(Supplier<CompletionStage<KeyLookup>> lookup) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<KeyLookup> result = Uni.createFrom().completionStage(lookup);
            if (caller == null) {
                return result;
            }
            return result.emitOn(command -> {
                if (Vertx.currentContext() == caller) {
                    command.run();
                } else {
                    caller.runOnContext(v -> command.run());
                }
            });
        });
    }

    public void invalidateAll() {
        byHash.invalidateAll();
        byId.invalidateAll();
    }

    /**
     * One lookup in the database. At most {@value #MAX_LOOKUPS_IN_FLIGHT} run at once: a flood of made-up keys fails
     * fast (503) instead of queueing on the pool, where it would starve the refreshes of real keys.
     */
    private CompletionStage<Optional<KeyInfo>> find(String sql, String value) {
        if (inFlight.incrementAndGet() > MAX_LOOKUPS_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("too many key lookups in flight"));
        }
        return pool.preparedQuery(sql).execute(Tuple.of(value))
                .ifNoItem().after(QUERY_TIMEOUT).fail()
                .map(KeyStore::first)
                .onTermination().invoke(inFlight::decrementAndGet)
                .subscribeAsCompletionStage();
    }

    private static Optional<KeyInfo> first(RowSet<Row> rows) {
        for (Row row : rows) {
            return Optional.of(new KeyInfo(row.getString("id"), row.getString("workspace_id"),
                    ApiKeys.Scope.fromWire(row.getString("scope"))));
        }
        return Optional.empty();
    }
}
