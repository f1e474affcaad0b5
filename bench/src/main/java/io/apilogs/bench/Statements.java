package io.apilogs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database's own profile of a run: pg_stat_statements, reset when a mode starts and printed when it ends, so a
 * figure off target can be traced to the statements that spent the time. Needs the server started with
 * {@code -Dapilogs.pg.statements=true}; without the extension it prints why and nothing else.
 */
final class Statements {
    private final String jdbc;
    private final String user;
    private final String password;
    private boolean available;

    Statements(String jdbc, String user, String password) {
        this.jdbc = jdbc;
        this.user = user;
        this.password = password;
    }

    void reset() {
        try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
            available = true;
        } catch (SQLException e) {
            available = false;
            System.out.println("  (no database profile: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** The top statements by total execution time, each with its share, calls, mean time and rows per call. */
    void print(int top) {
        if (!available) {
            return;
        }
        String sql = """
                select total_exec_time, sum(total_exec_time) over () as all_time, calls, mean_exec_time, rows,
                       regexp_replace(left(query, 400), '\\s+', ' ', 'g') as query
                from pg_stat_statements where query not like '%pg_stat_statements%'
                order by total_exec_time desc limit\s""" + top;
        try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            System.out.println("  database time by statement (pg_stat_statements, this mode):");
            while (rs.next()) {
                double total = rs.getDouble("total_exec_time");
                long calls = rs.getLong("calls");
                System.out.printf("    %5.1f%%  %,9.0f ms  %,8d calls  %7.2f ms/call  %,7.0f rows/call  %s%n",
                        100 * total / rs.getDouble("all_time"), total, calls, rs.getDouble("mean_exec_time"),
                        calls == 0 ? 0.0 : rs.getDouble("rows") / calls, abbreviate(rs.getString("query")));
            }
        } catch (SQLException e) {
            System.out.println("  (no database profile: " + e.getMessage() + ")");
        }
    }

    private static String abbreviate(String query) {
        return query.length() <= 110 ? query : query.substring(0, 110) + "…";
    }
}
