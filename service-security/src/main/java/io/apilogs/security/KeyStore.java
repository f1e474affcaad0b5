package io.apilogs.security;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.auth.KeyCache;
import io.apilogs.model.auth.KeyInfo;
import io.apilogs.model.auth.KeyLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks keys against {@code api_keys} through two caches: by the hash of a presented key, and by key id for tokens a
 * key minted (so revoking a key also ends its tokens). Revocations made by this process drop both caches at once;
 * revocations made elsewhere count within the caches' 45 s bound.
 */
@ApplicationScoped
public class KeyStore {
    private static final String COLUMNS = "select id, workspace_id, scope from api_keys ";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;
    private final KeyCache byHash;
    private final KeyCache byId;

    public KeyStore(Pool pool) {
        this.pool = pool;
        this.byHash = new KeyCache(hash -> find(COLUMNS + "where key_hash = $1 and revoked_at is null", hash));
        this.byId = new KeyCache(id -> find(COLUMNS + "where id = $1 and revoked_at is null", id));
    }

    /** The key presented in a request; malformed keys never reach the database. */
    public Uni<KeyLookup> presented(String key) {
        if (!ApiKeys.looksLikeKey(key)) {
            return Uni.createFrom().item(KeyLookup.UNKNOWN);
        }
        return Uni.createFrom().completionStage(() -> byHash.lookup(ApiKeys.hash(key)));
    }

    /** A key by id, for credentials derived from a key. */
    public Uni<KeyLookup> byId(String keyId) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > 128) {
            return Uni.createFrom().item(KeyLookup.UNKNOWN);
        }
        return Uni.createFrom().completionStage(() -> byId.lookup(keyId));
    }

    public void invalidateAll() {
        byHash.invalidateAll();
        byId.invalidateAll();
    }

    private java.util.concurrent.CompletionStage<Optional<KeyInfo>> find(String sql, String value) {
        return pool.preparedQuery(sql).execute(Tuple.of(value))
                .ifNoItem().after(QUERY_TIMEOUT).fail()
                .map(KeyStore::first)
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
