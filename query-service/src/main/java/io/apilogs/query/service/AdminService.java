package io.apilogs.query.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.ApiKeys;
import io.apilogs.model.Times;
import io.apilogs.security.KeyStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/** Workspaces and their keys. A key's secret is returned once, at creation; only its hash is stored. */
@ApplicationScoped
public class AdminService {
    private final Pool pool;
    private final KeyStore keys;

    public AdminService(Pool pool, KeyStore keys) {
        this.pool = pool;
        this.keys = keys;
    }

    public Uni<ObjectNode> createWorkspace(String name) {
        String id = "ws_" + ApiKeys.randomBase62(16);
        return pool.preparedQuery("insert into workspaces (id, name) values ($1, $2) returning id, name, created_at")
                .execute(Tuple.of(id, name))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    node.put("id", row.getString("id"));
                    node.put("name", row.getString("name"));
                    node.put("createdAt", Times.format(row.getOffsetDateTime("created_at").toInstant()));
                    return node;
                });
    }

    /** Null when the workspace does not exist. */
    public Uni<ObjectNode> createKey(String workspaceId, ApiKeys.Scope scope, String name) {
        String key = ApiKeys.newKey(scope);
        String id = "key_" + ApiKeys.randomBase62(16);
        return pool.preparedQuery("""
                        insert into api_keys (id, workspace_id, scope, name, prefix, key_hash)
                        select $1, w.id, $3, $4, $5, $6 from workspaces w where w.id = $2
                        returning id""")
                .execute(Tuple.of(id, workspaceId, scope.wireName(), name, ApiKeys.prefix(key), ApiKeys.hash(key)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    node.put("id", id);
                    node.put("scope", scope.wireName());
                    node.put("name", name);
                    node.put("prefix", ApiKeys.prefix(key));
                    node.put("key", key);
                    return node;
                });
    }

    /** Null when the workspace does not exist. */
    public Uni<ObjectNode> listKeys(String workspaceId) {
        return pool.preparedQuery("""
                        select w.id as workspace, k.id, k.scope, k.name, k.prefix, k.created_at, k.revoked_at
                        from workspaces w left join api_keys k on k.workspace_id = w.id
                        where w.id = $1 order by k.created_at, k.id""")
                .execute(Tuple.of(workspaceId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    ArrayNode items = result.putArray("items");
                    for (Row row : rows) {
                        if (row.getString("id") == null) {
                            continue;
                        }
                        ObjectNode item = items.addObject();
                        item.put("id", row.getString("id"));
                        item.put("scope", row.getString("scope"));
                        item.put("name", row.getString("name"));
                        item.put("prefix", row.getString("prefix"));
                        item.put("createdAt", Times.format(row.getOffsetDateTime("created_at").toInstant()));
                        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
                        item.put("revokedAt", revoked == null ? null : Times.format(revoked.toInstant()));
                    }
                    return result;
                });
    }

    /** False when no such key exists. */
    public Uni<Boolean> revokeKey(String keyId) {
        return pool.preparedQuery("update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1")
                .execute(Tuple.of(keyId))
                .map(rows -> {
                    keys.invalidateAll();
                    return rows.rowCount() > 0;
                });
    }
}
