package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Monthly partitions are created for the months a batch needs, once, even by concurrent writers. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class PartitionsTest {
    @Inject
    Pool pool;

    @Inject
    Partitions partitions;

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void theMonthsOfABatchGetTheirPartitions(UniAsserter asserter) {
        Instant march = Instant.parse("2031-03-31T23:59:59Z");
        Instant april = Instant.parse("2031-04-01T00:00:00Z");
        asserter.execute(() -> partitions.ensure(List.of(f.call("e1", "c1", "conv", march), f.tool("e2", "conv", april))));
        // A second writer (another replica) ensuring the same month finds it there.
        asserter.execute(() -> new Partitions(pool).ensure(List.of(f.tool("e3", "conv", april))));
        asserter.assertThat(() -> pool.query("""
                select relname from pg_class where relname in ('llm_calls_2031_03', 'llm_calls_2031_04', 'llm_call_bodies_2031_04',
                    'tool_executions_2031_03', 'http_requests_2031_04') order by relname""").execute(),
                rows -> assertThat(rows).extracting(r -> r.getString(0)).containsExactly("http_requests_2031_04",
                        "llm_call_bodies_2031_04", "llm_calls_2031_03", "llm_calls_2031_04", "tool_executions_2031_03"));
    }

    /**
     * A batch spanning more months than the lock table holds partitions for in one transaction (about 290 with the
     * defaults): once a 53200 error, retried forever. Each month now has its own transaction. The months are dropped after.
     */
    @Test
    @RunOnVertxContext
    void aBatchOfFourHundredMonthsNeverRunsTheLockTableOut(UniAsserter asserter) {
        List<io.apilogs.model.event.Event> events = new java.util.ArrayList<>();
        java.time.YearMonth first = java.time.YearMonth.of(1960, 1);
        for (int i = 0; i < 400; i++) {
            events.add(f.tool("m" + i, "conv", first.plusMonths(i).atDay(2).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)));
        }
        String months = "relname ~ '^(llm_calls|llm_call_bodies|tool_executions|http_requests|tool_execution_bodies|http_request_bodies)_(19[6-9][0-9])_'";
        asserter.execute(() -> partitions.ensure(events));
        asserter.assertThat(() -> pool.query("select count(*) from pg_class where relkind = 'r' and relispartition and " + months).execute(),
                rows -> assertThat(rows.iterator().next().getLong(0)).as("every table has its 400 months").isGreaterThanOrEqualTo(4 * 400));
        // Dropped 50 at a time: one transaction dropping them all would run the lock table out itself.
        asserter.execute(() -> pool.query("select string_agg(format('%I', relname), ', ') from (select relname, row_number() over () / 50"
                + " as g from pg_class where relkind = 'r' and relispartition and " + months + ") p group by g").execute()
                .chain(rows -> {
                    io.smallrye.mutiny.Uni<Void> drops = io.smallrye.mutiny.Uni.createFrom().voidItem();
                    for (io.vertx.mutiny.sqlclient.Row row : rows) {
                        drops = drops.chain(() -> pool.query("drop table " + row.getString(0)).execute().replaceWithVoid());
                    }
                    return drops;
                }));
    }
}
