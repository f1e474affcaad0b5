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
}
