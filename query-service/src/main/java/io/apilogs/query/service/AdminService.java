package io.apilogs.query.service;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.Times;
import io.apilogs.query.persistence.AdminStore;
import io.apilogs.query.persistence.entity.ApiKeyEntity;
import io.apilogs.security.KeyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Workspaces and their keys. A key's secret is returned once, at creation; only its hash is stored. */
@ApplicationScoped
public class AdminService {
    public record WorkspaceView(String id, String name, String createdAt) {
    }

    public record CreatedKey(String id, String scope, String name, String prefix, String key) {
    }

    public record KeyView(String id, String scope, String name, String prefix, String createdAt, String revokedAt, String expiresAt) {
    }

    public record KeyList(List<KeyView> items) {
    }

    private final AdminStore store;
    private final KeyStore keys;

    public AdminService(AdminStore store, KeyStore keys) {
        this.store = store;
        this.keys = keys;
    }

    public Uni<WorkspaceView> createWorkspace(String name) {
        return store.createWorkspace("ws_" + ApiKeys.randomBase62(16), name)
                .map(ws -> new WorkspaceView(ws.id, ws.name, Times.format(ws.createdAt)));
    }

    /** Null when the workspace does not exist. */
    public Uni<CreatedKey> createKey(String workspaceId, ApiKeys.Scope scope, String name) {
        String secret = ApiKeys.newKey(scope);
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = "key_" + ApiKeys.randomBase62(16);
        key.scope = scope.wireName();
        key.name = name;
        key.prefix = ApiKeys.prefix(secret);
        key.keyHash = ApiKeys.hash(secret);
        return store.createKey(workspaceId, key)
                .map(stored -> stored == null ? null : new CreatedKey(stored.id, stored.scope, stored.name, stored.prefix, secret));
    }

    /** Null when the workspace does not exist. */
    public Uni<KeyList> listKeys(String workspaceId) {
        return store.listKeys(workspaceId).map(list -> list == null ? null : new KeyList(list.stream()
                .map(k -> new KeyView(k.id, k.scope, k.name, k.prefix, Times.format(k.createdAt), Times.format(k.revokedAt),
                        Times.format(k.expiresAt)))
                .toList()));
    }

    /** False when no such key exists. The key caches of this process are dropped once the revocation is committed. */
    public Uni<Boolean> revokeKey(String keyId) {
        return store.revokeKey(keyId).invoke(keys::invalidateAll);
    }

}
