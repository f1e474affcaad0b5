package io.apilogs.query.admin;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.cost.Price;
import io.apilogs.query.persistence.AdminStore;
import io.apilogs.query.persistence.entity.ApiKeyEntity;
import io.apilogs.query.persistence.entity.WorkspacePriceEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The administration tables on Hibernate Reactive Panache, against the real database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AdminStoreTest {
    @Inject
    AdminStore store;

    private static ApiKeyEntity key(String scope) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = "key_" + UUID.randomUUID();
        key.scope = scope;
        key.name = scope + " key";
        key.prefix = "al_" + scope;
        key.keyHash = UUID.randomUUID().toString();
        return key;
    }

    @Test
    @RunOnVertxContext
    void keysBelongToTheirWorkspaceAndARevocationKeepsItsFirstTime(UniAsserter asserter) {
        String ws = "ws_" + UUID.randomUUID();
        AtomicReference<OffsetDateTime> revokedAt = new AtomicReference<>();
        ApiKeyEntity read = key("read");
        asserter.execute(() -> store.createWorkspace(ws, "panache"));
        asserter.assertThat(() -> store.createKey(ws, read), stored -> {
            assertThat(stored.workspaceId).isEqualTo(ws);
            assertThat(stored.createdAt).isNotNull();
        });
        asserter.assertThat(() -> store.createKey("ws_missing_" + UUID.randomUUID(), key("read")), stored -> assertThat(stored).isNull());
        asserter.assertEquals(() -> store.revokeKey(read.id), true);
        asserter.assertThat(() -> store.listKeys(ws), keys -> {
            assertThat(keys).extracting(k -> k.id).containsExactly(read.id);
            assertThat(keys.get(0).revokedAt).isNotNull();
            revokedAt.set(keys.get(0).revokedAt);
        });
        asserter.assertEquals(() -> store.revokeKey(read.id), true);
        asserter.assertThat(() -> store.listKeys(ws), keys -> assertThat(keys.get(0).revokedAt).isEqualTo(revokedAt.get()));
        asserter.assertEquals(() -> store.revokeKey("key_missing"), false);
        asserter.assertThat(() -> store.listKeys("ws_missing"), keys -> assertThat(keys).isNull());
    }

    @Test
    @RunOnVertxContext
    void aPriceIsInsertedThenReplacedForTheSameModelDateAndTier(UniAsserter asserter) {
        String ws = "ws_" + UUID.randomUUID();
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Price first = new Price("m1", List.of("m1-alias"), from, 0, new BigDecimal("1.5"), new BigDecimal("2"), null, null, null,
                "workspace", null, null);
        Price second = new Price("m1", List.of(), from, 0, new BigDecimal("3"), new BigDecimal("4"), new BigDecimal("0.3"), null, null,
                "workspace", null, null);
        asserter.execute(() -> store.createWorkspace(ws, "prices"));
        asserter.execute(() -> store.putPrice(ws, first));
        asserter.execute(() -> store.putPrice(ws, second));
        asserter.assertThat(() -> Panache.withSession(() -> WorkspacePriceEntity.<WorkspacePriceEntity>list("workspaceId", ws)), rows -> {
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).inputPerMTok).isEqualByComparingTo("3");
            assertThat(rows.get(0).cacheReadPerMTok).isEqualByComparingTo("0.3");
            assertThat(rows.get(0).aliases).isEmpty();
        });
    }
}
