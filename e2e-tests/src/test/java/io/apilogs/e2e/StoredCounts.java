package io.apilogs.e2e;

import io.apilogs.localstack.RunningSystem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** The LLM calls of a workspace as stored: rows, and distinct eventIds among them (equal when none is doubled). */
record StoredCounts(long rows, long distinctEvents, double waitedSeconds) {

    /** Waits until {@code expected} rows are stored (or {@code atMost} has passed) and returns the counts then. */
    static StoredCounts awaitAll(RunningSystem system, String workspaceId, long expected, Duration atMost) throws Exception {
        Map<String, String> env = system.stack().serviceEnvironment();
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        try (Connection connection = DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"))) {
            while (true) {
                long[] counts = counts(connection, workspaceId);
                if (counts[0] >= expected || System.nanoTime() > deadline) {
                    // A last look a moment later: a doubled row would show up after the count reached the target.
                    Thread.sleep(1000);
                    counts = counts(connection, workspaceId);
                    return new StoredCounts(counts[0], counts[1], (System.nanoTime() - start) / 1e9);
                }
                Thread.sleep(500);
            }
        }
    }

    private static long[] counts(Connection connection, String workspaceId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select count(*), count(distinct event_id) from llm_calls where workspace_id = ?")) {
            statement.setString(1, workspaceId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }
}
