package io.apilogs.query.service;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.Times;
import io.apilogs.query.persistence.SessionStore;
import io.apilogs.query.persistence.entity.ApiKeyEntity;
import io.apilogs.security.KeyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Web UI sign-in. The operator (or {@code ./apilogs up}) asks for a one-time login token for a workspace and puts it
 * in the UI's URL; the UI redeems it at once for a read key that expires (a session key), kept in the browser session.
 * No long-lived key ever goes in a URL, and the token is worthless once used.
 */
@ApplicationScoped
public class SessionService {
    static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofMinutes(15);
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    static final String LOGIN_TOKEN_PREFIX = "al_login_";

    public record LoginToken(String token, String expiresAt) {
    }

    public record WorkspaceRef(String id, String name) {
    }

    public record KeyRef(String id, String scope, String name, String expiresAt) {
    }

    /** The answer to a sign-in: the session key itself (shown once), and what it opens. */
    public record NewSession(String key, KeyRef keyInfo, WorkspaceRef workspace) {
    }

    /** Who the caller is: the workspace and the key, without its secret. */
    public record SessionView(WorkspaceRef workspace, KeyRef key) {
    }

    private final SessionStore store;
    private final KeyStore keys;

    public SessionService(SessionStore store, KeyStore keys) {
        this.store = store;
        this.keys = keys;
    }

    /** Null when the workspace does not exist. */
    public Uni<LoginToken> createLoginToken(String workspaceId) {
        String token = LOGIN_TOKEN_PREFIX + ApiKeys.randomBase62(32);
        OffsetDateTime expiresAt = now().plus(LOGIN_TOKEN_LIFETIME);
        return store.createLoginToken(workspaceId, ApiKeys.hash(token), expiresAt)
                .map(stored -> stored == null ? null : new LoginToken(token, Times.format(expiresAt)));
    }

    /** Null when the token is malformed, unknown, expired or already used. */
    public Uni<NewSession> signIn(String loginToken) {
        if (!looksLikeLoginToken(loginToken)) {
            return Uni.createFrom().nullItem();
        }
        String secret = ApiKeys.newKey(ApiKeys.Scope.READ);
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = "key_" + ApiKeys.randomBase62(16);
        key.scope = ApiKeys.Scope.READ.wireName();
        key.name = "web sign-in";
        key.prefix = ApiKeys.prefix(secret);
        key.keyHash = ApiKeys.hash(secret);
        key.expiresAt = now().plus(SESSION_LIFETIME);
        return store.redeem(ApiKeys.hash(loginToken), key)
                .map(session -> session == null ? null : new NewSession(secret, keyRef(session.key()),
                        new WorkspaceRef(session.workspace().id, session.workspace().name)));
    }

    /** Null when the key or its workspace is gone. */
    public Uni<SessionView> describe(String keyId) {
        return store.find(keyId).map(session -> session == null ? null
                : new SessionView(new WorkspaceRef(session.workspace().id, session.workspace().name), keyRef(session.key())));
    }

    /** Revokes the caller's key when it is a session key; a long-lived key is left alone (the browser just forgets it). */
    public Uni<Boolean> signOut(String keyId) {
        return store.endSession(keyId).invoke(ended -> {
            if (ended) {
                keys.invalidateAll();
            }
        });
    }

    static boolean looksLikeLoginToken(String token) {
        return token != null && token.startsWith(LOGIN_TOKEN_PREFIX) && ApiKeys.isSecret(token, LOGIN_TOKEN_PREFIX.length());
    }

    private static KeyRef keyRef(ApiKeyEntity key) {
        return new KeyRef(key.id, key.scope, key.name, Times.format(key.expiresAt));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

}
