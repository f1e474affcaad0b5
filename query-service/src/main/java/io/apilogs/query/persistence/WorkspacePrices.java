package io.apilogs.query.persistence;

import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.Price;
import io.apilogs.model.cost.PriceTable;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workspace's own prices (written through {@link AdminStore}, read here with plain SQL), cached briefly: the writer prices every call with them, and a change made on any replica
 * reaches new events within {@link #TTL}. Stored costs change only through repricing.
 */
@ApplicationScoped
public class WorkspacePrices {
    static final Duration TTL = Duration.ofSeconds(10);

    private static final String SELECT = """
            select model, aliases, effective_from, min_input_tokens, input_per_mtok, output_per_mtok,
                   cache_read_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok
            from workspace_prices where workspace_id = $1
            order by model, effective_from, min_input_tokens""";

    private record Cached(PriceTable table, long loadedAtNanos) {
    }

    private final Pool pool;
    private final AdminStore store;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public WorkspacePrices(Pool pool, AdminStore store) {
        this.pool = pool;
        this.store = store;
    }

    public Uni<PriceTable> table(String workspaceId) {
        Cached cached = cache.get(workspaceId);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos < TTL.toNanos()) {
            return Uni.createFrom().item(cached.table);
        }
        return load(pool, workspaceId).invoke(table -> cache.put(workspaceId, new Cached(table, System.nanoTime())));
    }

    public static Uni<PriceTable> load(SqlClient client, String workspaceId) {
        return client.preparedQuery(SELECT).execute(Tuple.of(workspaceId)).map(rows -> {
            List<Price> prices = new ArrayList<>();
            for (Row row : rows) {
                prices.add(price(row));
            }
            try {
                return prices.isEmpty() ? PriceTable.empty() : PriceTable.of(prices);
            } catch (IllegalArgumentException e) {
                // PUT refuses conflicting prices; should stored ones conflict anyway, price with the defaults
                // rather than stop the writer.
                Log.errorf("workspace %s has conflicting prices, using the defaults: %s", workspaceId, e.getMessage());
                return PriceTable.empty();
            }
        });
    }

    public Uni<Price> put(String workspaceId, Price price) {
        return store.putPrice(workspaceId, price)
                .invoke(() -> cache.remove(workspaceId))
                .replaceWith(price.withSource(CostBreakdown.WORKSPACE));
    }

    private static Price price(Row row) {
        OffsetDateTime from = row.getOffsetDateTime("effective_from");
        String[] aliases = row.getArrayOfStrings("aliases");
        return new Price(row.getString("model"), aliases == null ? List.of() : List.of(aliases), from.toInstant(),
                row.getLong("min_input_tokens"), row.getBigDecimal("input_per_mtok"), row.getBigDecimal("output_per_mtok"),
                row.getBigDecimal("cache_read_per_mtok"), row.getBigDecimal("cache_write_per_mtok"),
                row.getBigDecimal("cache_write_1h_per_mtok"), CostBreakdown.WORKSPACE, null, null);
    }
}
