package io.apilogs.query.persistence;

import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlArraysTest {
    record Row(String id, long n, Instant at, BigDecimal cost) {
    }

    private final List<Row> rows = List.of(new Row("a", 1, Instant.parse("2026-12-07T10:00:00Z"), new BigDecimal("1E-9")),
            new Row("b", 2, null, null));

    @Test
    void theStatementNamesEachColumnAndNumbersItsParameterFromTheArraysThemselves() {
        SqlArrays<Row> arrays = new SqlArrays<>(rows).text("id", Row::id).int8("n", Row::n).time("at", Row::at).decimal("cost", Row::cost);
        assertThat(arrays.sql("insert into t ({columns}) select * from {unnest}", "u"))
                .isEqualTo("insert into t (id, n, at, cost) select * from unnest($1::text[], $2::int8[], $3::timestamptz[], $4::text[]) as u(id, n, at, cost)");
        // After one single parameter ($1), and with the rows' order as a column.
        assertThat(arrays.sql("select $1::int2, u.id from {unnest}", "u", 2))
                .isEqualTo("select $1::int2, u.id from unnest($2::text[], $3::int8[], $4::timestamptz[], $5::text[]) as u(id, n, at, cost)");
        assertThat(arrays.unnestWithOrdinality("c", 6, "k"))
                .isEqualTo("unnest($6::text[], $7::int8[], $8::timestamptz[], $9::text[]) with ordinality as c(id, n, at, cost, k)");

        Tuple tuple = arrays.appendTo(Tuple.of((short) 3));
        assertThat(tuple.size()).isEqualTo(5);
        assertThat((Object[]) tuple.getValue(1)).containsExactly("a", "b");
        assertThat((Object[]) tuple.getValue(2)).containsExactly(1L, 2L);
        assertThat((Object[]) tuple.getValue(4)).as("decimals in plain notation").containsExactly("0.000000001", null);
    }

    @Test
    void aColumnNamedTwiceOrATemplateWithoutItsPlaceIsRefused() {
        assertThatThrownBy(() -> new SqlArrays<>(rows).text("id", Row::id).int8("id", Row::n))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> new SqlArrays<>(rows).text("id", Row::id).sql("select 1", "u"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{unnest}");
    }
}
