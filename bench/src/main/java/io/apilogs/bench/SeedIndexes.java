package io.apilogs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The secondary indexes of the tables the seeder fills, dropped before its COPY and built again after it from their
 * own definitions (pg_get_indexdef): COPY into 10M calls that keep ten indexes up row by row took 1,265 s, most of
 * it in index upkeep, where one sorted build per index is much cheaper. Primary keys and unique indexes stay.
 */
final class SeedIndexes {
    private static final String TABLES = "'llm_calls', 'tool_executions', 'http_requests', 'conversations'";

    private SeedIndexes() {
    }

    /** Drops the indexes and returns the statements that build them again. */
    static List<String> drop(Seeder.Db db) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i"
                    + " join pg_class t on t.oid = i.indrelid where t.relname in (" + TABLES + ") and t.relnamespace = 'public'::regnamespace"
                    + " and not i.indisunique and not i.indisprimary order by 1")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2).replace(" ON ONLY ", " ON "));
                }
            }
            for (String name : names) {
                s.execute("drop index " + name);
            }
        }
        return definitions;
    }

    /**
     * Builds the dropped indexes again, one at a time, with the server's own settings as a migration would, and prints
     * how long each took: about what a migration that adds one to a database of this size takes.
     */
    static void build(Seeder.Db db, List<String> definitions) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            for (String definition : definitions) {
                long t0 = System.nanoTime();
                s.execute(definition);
                System.out.printf("  built %-36s in %5.1f s%n", definition.split(" ")[2], (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
