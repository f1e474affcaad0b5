package io.apilogs.query.persistence.read;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The months a partitioned timeline table holds (its partitions {@code <table>_YYYY_MM}), newest first. */
final class Months {
    private Months() {
    }

    static Uni<List<OffsetDateTime>> of(SqlClient pool, String table) {
        return pool.preparedQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " where i.inhparent = to_regclass($1)")
                .execute(Tuple.of(table)).map(rows -> {
                    List<OffsetDateTime> months = new ArrayList<>();
                    for (Row row : rows) {
                        String name = row.getString("relname");
                        String suffix = name.substring(Math.max(0, name.length() - 7));
                        try {
                            YearMonth month = YearMonth.of(Integer.parseInt(suffix.substring(0, 4)), Integer.parseInt(suffix.substring(5)));
                            months.add(month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
                        } catch (RuntimeException e) {
                            // not a monthly partition (none other is made); leave it out
                        }
                    }
                    months.sort(Comparator.reverseOrder());
                    return months;
                });
    }
}
