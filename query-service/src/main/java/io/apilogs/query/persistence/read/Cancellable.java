package io.apilogs.query.persistence.read;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * Work on one connection of its own that a client going away stops in PostgreSQL too (issue 26): when the work's
 * {@code Uni} is cancelled (the HTTP request is), the statement running on the connection is cancelled with
 * PostgreSQL's cancel request, and no further statement starts; the connection then goes back to the pool.
 */
final class Cancellable {
    private Cancellable() {
    }

    static <T> Uni<T> on(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.getConnection().chain(conn -> work.apply(conn)
                .onCancellation().call(() -> PgConnection.cast(conn).cancelRequest().onFailure().recoverWithNull())
                .eventually(conn::close));
    }
}
