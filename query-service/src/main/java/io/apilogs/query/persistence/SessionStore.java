package io.apilogs.query.persistence;

import io.apilogs.query.persistence.entity.ApiKeyEntity;
import io.apilogs.query.persistence.entity.LoginTokenEntity;
import io.apilogs.query.persistence.entity.WorkspaceEntity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/** Web sign-in on Hibernate Reactive Panache: one-time login tokens, and the session keys they are redeemed for. */
@ApplicationScoped
public class SessionStore {
    /** A session key and the workspace it belongs to. */
    public record Session(ApiKeyEntity key, WorkspaceEntity workspace) {
    }

    /** Null when the workspace does not exist. Expired tokens are removed on the way. */
    @WithTransaction
    public Uni<LoginTokenEntity> createLoginToken(String workspaceId, String tokenHash, OffsetDateTime expiresAt) {
        OffsetDateTime now = AdminStore.now();
        return LoginTokenEntity.delete("expiresAt < ?1", now.minusDays(1))
                .chain(() -> WorkspaceEntity.<WorkspaceEntity>findById(workspaceId))
                .chain(workspace -> {
                    if (workspace == null) {
                        return Uni.createFrom().nullItem();
                    }
                    LoginTokenEntity token = new LoginTokenEntity();
                    token.tokenHash = tokenHash;
                    token.workspaceId = workspace.id;
                    token.createdAt = now;
                    token.expiresAt = expiresAt;
                    return token.<LoginTokenEntity>persist();
                });
    }

    /**
     * Marks the token used and stores {@code sessionKey} in its workspace, in one transaction. Null when the token is
     * unknown, expired or already used: of two concurrent redemptions, the update lets exactly one through.
     */
    @WithTransaction
    public Uni<Session> redeem(String tokenHash, ApiKeyEntity sessionKey) {
        OffsetDateTime now = AdminStore.now();
        return LoginTokenEntity.update("usedAt = ?1 where tokenHash = ?2 and usedAt is null and expiresAt > ?1", now, tokenHash)
                .chain(updated -> updated != 1 ? Uni.createFrom().<Session>nullItem()
                        : LoginTokenEntity.<LoginTokenEntity>findById(tokenHash)
                        .chain(token -> WorkspaceEntity.<WorkspaceEntity>findById(token.workspaceId))
                        .chain(workspace -> {
                            sessionKey.workspaceId = workspace.id;
                            sessionKey.createdAt = now;
                            return sessionKey.<ApiKeyEntity>persist().map(key -> new Session(key, workspace));
                        }));
    }

    /** The caller's key and workspace; null when either is gone. */
    @WithSession
    public Uni<Session> find(String keyId) {
        return ApiKeyEntity.<ApiKeyEntity>findById(keyId).chain(key -> key == null ? Uni.createFrom().<Session>nullItem()
                : WorkspaceEntity.<WorkspaceEntity>findById(key.workspaceId).map(ws -> ws == null ? null : new Session(key, ws)));
    }

    /** Revokes the key if it is a session key (one with an expiry); true when it was one. */
    @WithTransaction
    public Uni<Boolean> endSession(String keyId) {
        return ApiKeyEntity.<ApiKeyEntity>findById(keyId).map(key -> {
            if (key == null || key.expiresAt == null) {
                return false;
            }
            if (key.revokedAt == null) {
                key.revokedAt = AdminStore.now();
            }
            return true;
        });
    }
}
