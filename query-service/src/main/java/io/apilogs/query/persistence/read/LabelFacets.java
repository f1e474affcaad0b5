package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.view.Facets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The user and tag pickers (issue 25): the values of the conversations' labels, each with the conversations of the
 * filter ({@link ActivityFilter#where}; the caller leaves the picker's own filter out) that carry it, most first.
 */
@ApplicationScoped
public class LabelFacets {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final Pool pool;

    public LabelFacets(Pool pool) {
        this.pool = pool;
    }

    public Uni<Facets.UserList> users(String workspaceId, ActivityFilter filter, Integer limit) {
        // A user's name: the one the latest of the counted conversations shows for them, taken in the same pass (a
        // look-up per user would read the conversations again for each).
        return counts(workspaceId, filter, "u:", limit, ", (array_agg(c.user_name order by c.user_at desc) filter (where"
                + " c.user_id = substr(l, 3) and c.user_name is not null))[1] as name")
                .map(counted -> new Facets.UserList(counted.rows.stream().map(row -> new Facets.UserFacet(row.getString("label").substring(2),
                        row.getString("name"), row.getLong("conversations"))).toList(), counted.truncated));
    }

    public Uni<Facets.TagList> tags(String workspaceId, ActivityFilter filter, Integer limit) {
        return counts(workspaceId, filter, "t:", limit, "")
                .map(counted -> new Facets.TagList(counted.rows.stream().map(row -> new Facets.TagFacet(row.getString("label").substring(2),
                        row.getLong("conversations"))).toList(), counted.truncated));
    }

    private record Counted(List<Row> rows, boolean truncated) {
    }

    private Uni<Counted> counts(String workspaceId, ActivityFilter filter, String prefix, Integer limit, String extra) {
        int max = limit == null ? DEFAULT_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw new InvalidInput("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = filter.where(params);
        params.add(prefix + "%");
        int like = params.size();
        params.add(max + 1);
        String sql = "select l as label, count(*) as conversations" + extra
                + " from conversations c cross join unnest(c.labels) l where c.workspace_id = $1" + where
                + " and l like $" + like + " group by l order by conversations desc, l limit $" + params.size();
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map((RowSet<Row> rows) -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            boolean truncated = list.size() > max;
            return new Counted(truncated ? list.subList(0, max) : list, truncated);
        });
    }
}
