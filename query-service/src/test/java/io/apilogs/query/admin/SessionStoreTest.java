package io.apilogs.query.admin;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.query.persistence.AdminStore;
import io.apilogs.query.persistence.SessionStore;
import io.apilogs.query.persistence.entity.ApiKeyEntity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One-time login tokens and session keys on Hibernate Reactive Panache, against the real database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SessionStoreTest {
    @Inject
    AdminStore admin;

    @Inject
    SessionStore sessions;

    private static ApiKeyEntity sessionKey() {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = "key_" + UUID.randomUUID();
        key.scope = "read";
        key.name = "web sign-in";
        key.prefix = "al_read_xxxx";
        key.keyHash = UUID.randomUUID().toString();
        key.expiresAt = OffsetDateTime.now(ZoneOffset.UTC).plusHours(12);
        return key;
    }

    @Test
    @RunOnVertxContext
    void aLoginTokenIsRedeemedOnceForAKeyOfItsWorkspace(UniAsserter asserter) {
        String ws = "ws_" + UUID.randomUUID();
        String hash = UUID.randomUUID().toString();
        ApiKeyEntity first = sessionKey();
        asserter.execute(() -> admin.createWorkspace(ws, "sign-in"));
        asserter.assertThat(() -> sessions.createLoginToken(ws, hash, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15)),
                token -> assertThat(token.workspaceId).isEqualTo(ws));
        asserter.assertThat(() -> sessions.redeem(hash, first), session -> {
            assertThat(session.workspace().id).isEqualTo(ws);
            assertThat(session.workspace().name).isEqualTo("sign-in");
            assertThat(session.key().workspaceId).isEqualTo(ws);
        });
        asserter.assertThat(() -> sessions.redeem(hash, sessionKey()), session -> assertThat(session).isNull());
        asserter.assertThat(() -> sessions.redeem("unknown-" + hash, sessionKey()), session -> assertThat(session).isNull());
        asserter.assertThat(() -> admin.listKeys(ws), keys -> assertThat(keys).extracting(k -> k.id).containsExactly(first.id));
    }

    @Test
    @RunOnVertxContext
    void anExpiredTokenOrAnUnknownWorkspaceGivesNothing(UniAsserter asserter) {
        String ws = "ws_" + UUID.randomUUID();
        String expired = UUID.randomUUID().toString();
        asserter.execute(() -> admin.createWorkspace(ws, "expiry"));
        asserter.execute(() -> sessions.createLoginToken(ws, expired, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1)));
        asserter.assertThat(() -> sessions.redeem(expired, sessionKey()), session -> assertThat(session).isNull());
        asserter.assertThat(() -> sessions.createLoginToken("ws_missing_" + UUID.randomUUID(), UUID.randomUUID().toString(),
                OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1)), token -> assertThat(token).isNull());
        asserter.assertThat(() -> admin.listKeys(ws), keys -> assertThat(keys).isEmpty());
    }

    @Test
    @RunOnVertxContext
    void signingOutRevokesSessionKeysOnly(UniAsserter asserter) {
        String ws = "ws_" + UUID.randomUUID();
        ApiKeyEntity session = sessionKey();
        ApiKeyEntity longLived = sessionKey();
        longLived.expiresAt = null;
        asserter.execute(() -> admin.createWorkspace(ws, "sign-out"));
        asserter.execute(() -> admin.createKey(ws, session));
        asserter.execute(() -> admin.createKey(ws, longLived));
        asserter.assertEquals(() -> sessions.endSession(session.id), true);
        asserter.assertEquals(() -> sessions.endSession(longLived.id), false);
        asserter.assertThat(() -> admin.listKeys(ws), keys -> {
            assertThat(keys).filteredOn(k -> k.id.equals(session.id)).allMatch(k -> k.revokedAt != null);
            assertThat(keys).filteredOn(k -> k.id.equals(longLived.id)).allMatch(k -> k.revokedAt == null);
        });
    }
}
