package io.apilogs.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * The database's own ceiling for the same rows: one COPY into a naive table (one row per event, the event as jsonb),
 * durable settings as configured. Our end-to-end rate is printed as a ratio of it.
 */
final class Ceiling {
    private Ceiling() {
    }

    /**
     * Rows per second of one COPY of {@code batches} (bodies of POST /v1/events) into a fresh naive table. The rows are
     * streamed into the COPY batch by batch, so memory holds the batches and not a second copy of them.
     */
    static double rowsPerSecond(String jdbcUrl, String user, String password, List<String> batches) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists bench_naive");
            statement.execute("create table bench_naive (event_id text primary key, started_at timestamptz not null, body jsonb not null)");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long rows = 0;
            long start = System.nanoTime();
            CopyIn in = copy.copyIn("copy bench_naive (event_id, started_at, body) from stdin (format csv)");
            try {
                for (String batch : batches) {
                    StringBuilder csv = new StringBuilder(batch.length() + 1024);
                    for (String event : Events.split(batch)) {
                        csv.append(quote(Events.field(event, "eventId"))).append(',')
                                .append(quote(Events.field(event, "startedAt"))).append(',').append(quote(event)).append('\n');
                        rows++;
                    }
                    byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(bytes, 0, bytes.length);
                }
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            statement.execute("drop table bench_naive");
            return rows / seconds;
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
