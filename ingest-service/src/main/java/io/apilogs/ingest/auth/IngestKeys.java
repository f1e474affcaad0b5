package io.apilogs.ingest.auth;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.auth.KeyCache;
import io.apilogs.model.auth.KeyInfo;
import io.apilogs.model.auth.KeyLookup;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Checks presented keys against the query-service's {@code api_keys} table, through a cache. */
@ApplicationScoped
public class IngestKeys {
    private static final String FIND_KEY = """
            select k.id, k.workspace_id, k.scope from api_keys k
            where k.key_hash = $1 and k.revoked_at is null""";

    private final Pool pool;
    private final KeyCache cache;

    public IngestKeys(Pool pool) {
        this.pool = pool;
        this.cache = new KeyCache(this::load);
    }

    public CompletionStage<KeyLookup> lookup(String presentedKey) {
        return cache.lookup(presentedKey);
    }

    private CompletionStage<Optional<KeyInfo>> load(String hash) {
        return pool.preparedQuery(FIND_KEY).execute(Tuple.of(hash))
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(rows -> {
                    for (Row row : rows) {
                        ApiKeys.Scope scope = ApiKeys.Scope.fromWire(row.getString("scope"));
                        return Optional.of(new KeyInfo(row.getString("id"), row.getString("workspace_id"), scope));
                    }
                    return Optional.<KeyInfo>empty();
                })
                .subscribeAsCompletionStage();
    }
}
