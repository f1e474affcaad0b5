package io.apilogs.query.auth;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.auth.KeyCache;
import io.apilogs.model.auth.KeyInfo;
import io.apilogs.model.auth.KeyLookup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Checks read and admin keys through a cache; revocations made here drop the cache at once. */
@ApplicationScoped
public class QueryKeys {
    private static final String FIND_KEY = """
            select id, workspace_id, scope from api_keys where key_hash = $1 and revoked_at is null""";

    private final Pool pool;
    private final KeyCache cache;

    public QueryKeys(Pool pool) {
        this.pool = pool;
        this.cache = new KeyCache(this::load);
    }

    public Uni<KeyLookup> lookup(String presentedKey) {
        return Uni.createFrom().completionStage(cache.lookup(presentedKey));
    }

    public void invalidate() {
        cache.invalidateAll();
    }

    private CompletionStage<Optional<KeyInfo>> load(String hash) {
        return pool.preparedQuery(FIND_KEY).execute(Tuple.of(hash))
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(rows -> {
                    for (Row row : rows) {
                        return Optional.of(new KeyInfo(row.getString("id"), row.getString("workspace_id"),
                                ApiKeys.Scope.fromWire(row.getString("scope"))));
                    }
                    return Optional.<KeyInfo>empty();
                })
                .subscribeAsCompletionStage();
    }
}
