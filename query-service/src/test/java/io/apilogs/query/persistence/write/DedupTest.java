package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.Event;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-statement dedup claim on the real database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DedupTest {
    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void theFirstCopyOfEachEventIsAcceptedAndLaterCopiesAreDuplicates(UniAsserter asserter) {
        Event a = f.call("e1", "c1", "conv", WriterFixture.T0);
        Event b = f.tool("e2", "conv", WriterFixture.T0);
        asserter.assertThat(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(a, b, a))), result -> {
            assertThat(result.accepted()).containsExactly(a, b);
            assertThat(result.duplicates()).isEqualTo(1);
            assertThat(result.rejected()).isEmpty();
        });
        asserter.assertThat(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(b, a))), result -> {
            assertThat(result.accepted()).isEmpty();
            assertThat(result.duplicates()).isEqualTo(2);
        });
    }

    @Test
    @RunOnVertxContext
    void aCallIdOwnedByAnotherEventIsRejectedAndReleasedSoARedeliveryIsRejectedAgain(UniAsserter asserter) {
        Event owner = f.call("e1", "shared-call", "conv", WriterFixture.T0);
        Event inBatch = f.call("e2", "shared-call", "conv", WriterFixture.T0);
        Event later = f.call("e3", "shared-call", "conv", WriterFixture.T0);
        asserter.assertThat(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(owner, inBatch))
                .call(result -> Dedup.release(conn, result.rejected()))), result -> {
            assertThat(result.accepted()).containsExactly(owner);
            assertThat(result.rejected()).extracting(WriteOutcome.Rejected::event).containsExactly(inBatch);
            assertThat(result.rejected().get(0).reason()).contains("shared-call");
        });
        asserter.assertThat(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(later, inBatch))
                .call(result -> Dedup.release(conn, result.rejected()))), result -> {
            assertThat(result.accepted()).isEmpty();
            assertThat(result.duplicates()).as("released, so not duplicates").isZero();
            assertThat(result.rejected()).extracting(WriteOutcome.Rejected::event).containsExactly(later, inBatch);
        });
        asserter.assertThat(() -> pool.preparedQuery("select event_id from processed_events where workspace_id = $1 order by event_id")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows).extracting(r -> r.getString(0)).containsExactly("e1"));
        asserter.assertThat(() -> pool.preparedQuery("select event_id from call_keys where workspace_id = $1 and call_id = 'shared-call'")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows).extracting(r -> r.getString(0)).containsExactly("e1"));
    }

    @Test
    @RunOnVertxContext
    void onlyTheFirstCopyOfAnEventIdClaimsItsCallId(UniAsserter asserter) {
        Event first = f.call("e1", "call-a", "conv", WriterFixture.T0);
        Event secondCopy = f.call("e1", "call-b", "conv", WriterFixture.T0);
        asserter.assertThat(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(first, secondCopy))), result -> {
            assertThat(result.accepted()).containsExactly(first);
            assertThat(result.duplicates()).isEqualTo(1);
        });
        asserter.assertThat(() -> pool.preparedQuery("select call_id from call_keys where workspace_id = $1")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows).extracting(r -> r.getString(0)).containsExactly("call-a"));
    }

    @Test
    @RunOnVertxContext
    void aRolledBackClaimLeavesNothingBehind(UniAsserter asserter) {
        Event call = f.call("e1", "c1", "conv", WriterFixture.T0);
        asserter.assertFailedWith(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(call))
                .chain(result -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("the batch failed")))),
                IllegalStateException.class);
        asserter.assertThat(() -> pool.withTransaction(conn -> Dedup.claim(conn, List.of(call))),
                result -> assertThat(result.accepted()).containsExactly(call));
    }
}
