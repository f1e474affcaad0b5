package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.view.AssistantRef;
import io.apilogs.query.view.ItemRows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The explorers of single tool executions and tools' HTTP requests (issue 25): pages across conversations by keyset
 * ({@link Keyset}), sorted by time or duration, in the list filters ({@link ItemWhere}).
 */
@ApplicationScoped
public class ItemListReads {
    static final String TOOL_COLUMNS = """
            t.event_id as item_id, t.conversation_id, c.subject, t.assistant_id, a.name as assistant_name, t.call_id, t.tool_call_id,
            t.tool_name, t.started_at, t.duration_ms, t.error, t.labels::text as labels""";
    static final String TOOL_JOINS = """
             from tool_executions t
            left join conversations c on c.workspace_id = t.workspace_id and c.conversation_id = t.conversation_id
            left join assistants a on a.workspace_id = t.workspace_id and a.assistant_id = t.assistant_id""";
    static final String HTTP_COLUMNS = """
            h.event_id as item_id, h.conversation_id, c.subject, h.assistant_id, a.name as assistant_name, h.tool_call_id, h.plugin,
            h.method, h.url, h.status_code, h.started_at, h.duration_ms, h.request_body_bytes, h.response_body_bytes, h.error,
            h.labels::text as labels""";
    static final String HTTP_JOINS = """
             from http_requests h
            left join conversations c on c.workspace_id = h.workspace_id and c.conversation_id = h.conversation_id
            left join assistants a on a.workspace_id = h.workspace_id and a.assistant_id = h.assistant_id""";

    private final Pool pool;

    private final TextBudget budget;

    public ItemListReads(Pool pool, TextBudget budget) {
        this.pool = pool;
        this.budget = budget;
    }

    /** {@code time} (default) or {@code duration}, on the item table's alias. */
    public static Keyset.Key sort(String alias, String value) {
        if (value == null || value.isEmpty() || value.equals("time")) {
            return new Keyset.Key("time", alias + ".started_at", "timestamptz", false);
        }
        if (value.equals("duration")) {
            return new Keyset.Key("duration", alias + ".duration_ms", "int8", true);
        }
        throw new InvalidInput("sort", "must be time or duration");
    }

    public Uni<Page<ItemRows.ToolRow>> tools(String workspaceId, ActivityFilter filter, Keyset.Key key, boolean descending, int limit,
                                             ActivityReads.Position after) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = " where t.workspace_id = $1" + ItemWhere.of(ItemWhere.TOOLS, filter, params);
        return Keyset.read(pool, TOOL_COLUMNS, TOOL_JOINS, where, params, key, "t.event_id", descending, limit, after)
                .map(page -> new Page<>(page.rows().stream().map(ItemListReads::tool).toList(), page.next()));
    }

    public Uni<Page<ItemRows.HttpRow>> http(String workspaceId, ActivityFilter filter, Keyset.Key key, boolean descending, int limit,
                                            ActivityReads.Position after) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = " where h.workspace_id = $1" + ItemWhere.of(ItemWhere.HTTP, filter, params);
        return Keyset.read(pool, HTTP_COLUMNS, HTTP_JOINS, where, params, key, "h.event_id", descending, limit, after)
                .map(page -> new Page<>(page.rows().stream().map(ItemListReads::http).toList(), page.next()));
    }

    /** The tool executions a batch added that match the filter (live explorer): each conversation's seqs first to last. */
    public Uni<List<ItemRows.ToolRow>> toolsAdded(String workspaceId, ActivityFilter filter, List<String> conversations, List<Long> firsts,
                                                  List<Long> lasts) {
        if (filter.search() != null) {
            return LiveSearch.added(pool, budget, SearchKind.TOOL, workspaceId, filter, conversations, firsts, lasts)
                    .map(hits -> hits.stream().map(hit -> tool(hit.row()).withMatches(hit.matches())).toList());
        }
        return added(ItemWhere.TOOLS, TOOL_COLUMNS, TOOL_JOINS, "t", workspaceId, filter, conversations, firsts, lasts)
                .map(rows -> rows.stream().map(ItemListReads::tool).toList());
    }

    /** The HTTP requests a batch added that match the filter (live explorer): each conversation's seqs first to last. */
    public Uni<List<ItemRows.HttpRow>> httpAdded(String workspaceId, ActivityFilter filter, List<String> conversations, List<Long> firsts,
                                                 List<Long> lasts) {
        if (filter.search() != null) {
            return LiveSearch.added(pool, budget, SearchKind.HTTP, workspaceId, filter, conversations, firsts, lasts)
                    .map(hits -> hits.stream().map(hit -> http(hit.row()).withMatches(hit.matches())).toList());
        }
        return added(ItemWhere.HTTP, HTTP_COLUMNS, HTTP_JOINS, "h", workspaceId, filter, conversations, firsts, lasts)
                .map(rows -> rows.stream().map(ItemListReads::http).toList());
    }

    private Uni<List<Row>> added(ItemWhere.Columns table, String columns, String joins, String alias, String workspaceId, ActivityFilter filter,
                                 List<String> conversations, List<Long> firsts, List<Long> lasts) {
        List<Object> params = new ArrayList<>(List.of(workspaceId, conversations.toArray(String[]::new), firsts.toArray(Long[]::new),
                lasts.toArray(Long[]::new)));
        String sql = "select " + columns + joins
                + " join unnest($2::text[], $3::int8[], $4::int8[]) as n(conv, first, last) on " + alias + ".conversation_id = n.conv"
                + " and " + alias + ".seq between n.first and n.last"
                + " where " + alias + ".workspace_id = $1" + ItemWhere.of(table, filter, params)
                + " order by " + alias + ".started_at, " + alias + ".event_id";
        return pool.preparedQuery(sql).execute(io.vertx.mutiny.sqlclient.Tuple.from(params)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    /** A page of the tool executions that match the filter's content search (issue 26), newest first ({@link ItemSearch}). */
    public Uni<SearchPage<ItemRows.ToolRow>> searchTools(String workspaceId, ActivityFilter filter, int limit, ActivityReads.Position after) {
        return ItemSearch.run(pool, budget, SearchKind.TOOL, workspaceId, filter, limit, after)
                .map(result -> new SearchPage<>(result.map(hit -> tool(hit.row()).withMatches(hit.matches())), result.next(), result.progress()));
    }

    /** A page of the HTTP requests that match the filter's content search (issue 26), newest first ({@link ItemSearch}). */
    public Uni<SearchPage<ItemRows.HttpRow>> searchHttp(String workspaceId, ActivityFilter filter, int limit, ActivityReads.Position after) {
        return ItemSearch.run(pool, budget, SearchKind.HTTP, workspaceId, filter, limit, after)
                .map(result -> new SearchPage<>(result.map(hit -> http(hit.row()).withMatches(hit.matches())), result.next(), result.progress()));
    }

    /** A page of rows and where the next starts. */
    public record Page<T>(List<T> items, ActivityReads.Position next) {
    }

    static ItemRows.ToolRow tool(Row row) {
        return new ItemRows.ToolRow(row.getString("item_id"), row.getString("conversation_id"), row.getString("subject"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")), row.getString("call_id"),
                row.getString("tool_call_id"), row.getString("tool_name"), Rows.time(row, "started_at"), row.getLong("duration_ms"),
                Rows.json(row.getValue("error")), Rows.raw(row.getString("labels")));
    }

    static ItemRows.HttpRow http(Row row) {
        return new ItemRows.HttpRow(row.getString("item_id"), row.getString("conversation_id"), row.getString("subject"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")), row.getString("tool_call_id"),
                row.getString("plugin"), row.getString("method"), row.getString("url"), row.getInteger("status_code"),
                Rows.time(row, "started_at"), row.getLong("duration_ms"), row.getLong("request_body_bytes"),
                row.getLong("response_body_bytes"), Rows.json(row.getValue("error")), Rows.raw(row.getString("labels")));
    }
}
