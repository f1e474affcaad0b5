package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, finding 3: folding once ran as one statement over every workspace, so one workspace whose shards overflowed
 * a bigint sum stopped the fold for all. Now a failing workspace keeps its shards and every other one is folded.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FoldIsolationTest {
    private static final String INSERT = """
            insert into usage_hourly_model (workspace_id, hour, model, shard, calls, input_tokens, output_tokens, cache_read_tokens,
                cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls) values ($1, $2, 'm', $3, 1, $4, 1, 0, 0, 0, 0.5, 0)""";
    private static final String SHARDS = "select count(*) as rows, sum(input_tokens::numeric) as input from usage_hourly_model"
            + " where workspace_id = $1 and hour = $2";

    @Inject
    Pool pool;

    @Test
    @RunOnVertxContext
    void aWorkspaceThatCannotBeFoldedKeepsItsShardsAndTheOthersAreFolded(UniAsserter asserter) {
        OffsetDateTime hour = Instant.parse("2025-02-03T04:00:00Z").atOffset(ZoneOffset.UTC);
        String poisoned = "ws_poison_" + UUID.randomUUID();
        String fine = "ws_fine_" + UUID.randomUUID();
        long huge = 9_000_000_000_000_000_000L;
        for (int shard = 1; shard <= 2; shard++) {
            int s = shard;
            asserter.execute(() -> pool.preparedQuery(INSERT).execute(Tuple.of(poisoned, hour, (short) s, huge)).replaceWithVoid());
            asserter.execute(() -> pool.preparedQuery(INSERT).execute(Tuple.of(fine, hour, (short) s, 10L)).replaceWithVoid());
        }
        asserter.assertThat(() -> UsageRollups.fold(pool, hour.plusHours(2).toInstant(), 100),
                written -> assertThat(written).as("the fine workspace's row").isPositive());
        asserter.assertThat(() -> pool.preparedQuery(SHARDS).execute(Tuple.of(fine, hour)), rows -> {
            assertThat(rows.iterator().next().getLong("rows")).as("folded into shard 0").isEqualTo(1L);
            assertThat(rows.iterator().next().getBigDecimal("input")).isEqualByComparingTo("20");
        });
        asserter.assertThat(() -> pool.preparedQuery(SHARDS).execute(Tuple.of(poisoned, hour)), rows -> {
            assertThat(rows.iterator().next().getLong("rows")).as("left as they were").isEqualTo(2L);
            assertThat(rows.iterator().next().getBigDecimal("input")).isEqualByComparingTo("18000000000000000000");
        });
        asserter.execute(() -> pool.preparedQuery("delete from usage_hourly_model where workspace_id = $1").execute(Tuple.of(poisoned))
                .replaceWithVoid());
    }
}
