package io.apilogs.ingest;

import io.apilogs.model.ApiKeys;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.UUID;

/** Keys for ingest tests, in a minimal {@code api_keys} table made here (query-service owns the real schema; ingest only reads keys). */
public final class TestKeys {
    private TestKeys() {
    }

    public static synchronized String create(Pool pool, String workspace, ApiKeys.Scope scope) {
        pool.query("""
                create table if not exists api_keys (id text primary key, workspace_id text not null, scope text not null,
                    key_hash text not null unique, revoked_at timestamptz, expires_at timestamptz)""").execute().await().indefinitely();
        String key = ApiKeys.newKey(scope);
        pool.preparedQuery("insert into api_keys (id, workspace_id, scope, key_hash) values ($1, $2, $3, $4)")
                .execute(Tuple.of("key_" + UUID.randomUUID(), workspace, scope.wireName(), ApiKeys.hash(key)))
                .await().indefinitely();
        return key;
    }
}
