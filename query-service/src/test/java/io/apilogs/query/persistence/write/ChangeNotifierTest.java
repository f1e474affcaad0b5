package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.Changes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** NOTIFY payloads: split under PostgreSQL's limit, delivered at commit and not before. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ChangeNotifierTest {
    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    @Test
    void manyConversationsAreSplitIntoPayloadsUnderTheLimit() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(f.tool("e" + i, "conversation-with-a-long-identifier-" + i, WriterFixture.T0));
        }
        List<String> payloads = ChangeNotifier.payloads(WriterFixture.plan(events).conversations.values());
        assertThat(payloads).hasSizeGreaterThan(1);
        List<String> all = new ArrayList<>();
        for (String payload : payloads) {
            assertThat(payload.length()).isLessThan(8000);
            Changes changes = Json.CANONICAL.readValue(payload, Changes.class);
            assertThat(changes.w()).isEqualTo(f.workspaceId);
            all.addAll(changes.c());
        }
        assertThat(all).hasSize(400).doesNotHaveDuplicates();
    }

    @Test
    @RunOnVertxContext
    void listenersHearOfTheChangeOnlyAfterTheCommit(UniAsserter asserter) {
        List<String> heard = new CopyOnWriteArrayList<>();
        CompletableFuture<String> first = new CompletableFuture<>();
        AtomicReference<SqlConnection> listener = new AtomicReference<>();
        BatchPlan plan = WriterFixture.plan(List.of(f.tool("e1", "conv-notified", WriterFixture.T0)));
        asserter.execute(() -> pool.getConnection().invoke(conn -> {
            listener.set(conn);
            PgConnection.cast(conn).notificationHandler(n -> {
                if (n.getPayload().contains(f.workspaceId)) {
                    heard.add(n.getPayload());
                    first.complete(n.getPayload());
                }
            });
        }).chain(conn -> conn.query("listen " + Changes.CHANNEL).execute()));
        asserter.execute(() -> pool.withTransaction(conn -> ChangeNotifier.notify(conn, plan.conversations.values())
                .chain(() -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(300)))
                .invoke(() -> assertThat(heard).as("nothing before the commit").isEmpty())));
        asserter.assertThat(() -> Uni.createFrom().completionStage(first).ifNoItem().after(Duration.ofSeconds(10)).fail(),
                payload -> assertThat(payload).contains("conv-notified"));
        asserter.execute(() -> listener.get().close());
    }
}
