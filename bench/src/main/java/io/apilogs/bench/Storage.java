package io.apilogs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes on disk per table (partitions summed into their parent; indexes and TOAST included), taken before and after a
 * run, so the report says what a million stored events cost in PostgreSQL. WAL and Kafka are not counted.
 */
final class Storage {
    private static final String SIZES = """
            select coalesce(parent.relname, c.relname) as name, sum(pg_total_relation_size(c.oid)) as bytes
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            left join pg_inherits i on i.inhrelid = c.oid
            left join pg_class parent on parent.oid = i.inhparent
            where n.nspname = 'public' and c.relkind = 'r'
            group by 1""";

    private Storage() {
    }

    static Map<String, Long> sizes(String jdbc, String user, String password) {
        Map<String, Long> sizes = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbc, user, password); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(SIZES)) {
            while (rows.next()) {
                sizes.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sizes;
    }

    /** What the run added: total, per stored event and per llm_call, and the tables that grew most. */
    static String report(Map<String, Long> before, Map<String, Long> after, long storedEvents, long llmCalls) {
        long total = 0;
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (Map.Entry<String, Long> table : after.entrySet()) {
            long delta = table.getValue() - before.getOrDefault(table.getKey(), 0L);
            total += delta;
            if (delta > 0) {
                grown.add(Map.entry(table.getKey(), delta));
            }
        }
        grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < Math.min(5, grown.size()); i++) {
            top.append(i == 0 ? "" : ", ").append(grown.get(i).getKey()).append(' ')
                    .append(String.format("%.0f%%", 100.0 * grown.get(i).getValue() / Math.max(1, total)));
        }
        return String.format("+%,.1f MB = %,.0f bytes per stored event, %,.0f MB per million llm_calls (%s)",
                total / 1e6, (double) total / Math.max(1, storedEvents), total / 1e6 / Math.max(1, llmCalls) * 1e6, top);
    }
}
