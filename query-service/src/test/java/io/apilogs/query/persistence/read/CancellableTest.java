package io.apilogs.query.persistence.read;

import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 26: a search whose client goes away stops in PostgreSQL too. A statement run the way searches run theirs, on
 * their own connection, is cancelled in the server when its {@code Uni} is, and the connection goes back to the pool.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CancellableTest {
    private static final String SLOW = "select pg_sleep(30) /* cancellable-test */";

    @Inject
    Pool pool;

    private long running() {
        return pool.query("select count(*) from pg_stat_activity where state = 'active' and query = '" + SLOW + "'").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aCancelledSearchIsCancelledInPostgreSQL() {
        AtomicBoolean finished = new AtomicBoolean();
        Uni<Void> slow = io.apilogs.query.persistence.read.Cancellable.on(pool, conn -> conn.query(SLOW).execute().replaceWithVoid());
        Cancellable subscription = slow.subscribe().with(done -> finished.set(true), failure -> finished.set(true));
        await().atMost(Duration.ofSeconds(10)).until(() -> running() == 1);
        long cancelledAt = System.nanoTime();
        subscription.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> running() == 0);
        assertThat((System.nanoTime() - cancelledAt) / 1e9).as("seconds until PostgreSQL stopped it").isLessThan(5);
        assertThat(finished).as("a cancelled subscription hears nothing").isFalse();
        // The connection went back to the pool and serves the next statement.
        assertThat(pool.query("select 1").execute().map(rows -> rows.iterator().next().getInteger(0)).await().atMost(Duration.ofSeconds(5)))
                .isEqualTo(1);
    }
}
