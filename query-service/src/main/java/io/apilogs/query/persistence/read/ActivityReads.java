package io.apilogs.query.persistence.read;

import io.apilogs.query.view.AssistantRef;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.Tokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.apilogs.model.event.UserRef;

/** The activity log's SQL: pages of conversation rows by keyset, one row, and the rows a batch changed. */
@ApplicationScoped
public class ActivityReads {
    static final String COLUMNS = """
            c.conversation_id, c.subject, c.assistant_id, a.name as assistant_name, c.call_count, c.tool_count,
            c.http_count, c.error_count, c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens,
            c.reasoning_tokens, c.total_tokens, c.cost_usd, c.unpriced_call_count, c.first_at, c.last_at, c.models, c.tools,
            c.user_id, c.user_name, c.labels""";
    static final String FROM = """
             from conversations c
            left join assistants a on a.workspace_id = c.workspace_id and a.assistant_id = c.assistant_id""";
    static final String ROW_COLUMNS = COLUMNS + FROM;

    /** A sort key: its column and how its value is carried in a cursor. */
    public enum Sort {
        LAST_ACTIVITY("lastActivity", "c.last_at", "timestamptz", true),
        COST("cost", "c.cost_usd", "numeric", true),
        TOKENS("tokens", "c.total_tokens", "int8", false),
        CALLS("calls", "c.call_count", "int4", false);

        public final String wire;
        final String column;
        final String sqlType;
        final boolean nullable;

        Sort(String wire, String column, String sqlType, boolean nullable) {
            this.wire = wire;
            this.column = column;
            this.sqlType = sqlType;
            this.nullable = nullable;
        }

        /** The sort named on the wire, or null. */
        public static Sort fromWire(String value) {
            for (Sort sort : values()) {
                if (sort.wire.equals(value)) {
                    return sort;
                }
            }
            return null;
        }
    }

    /** Where a page ended: the last row's sort value as text (null in the part without values) and its id. */
    public record Position(String value, String id) {
    }

    /** One page: its rows, and where the next starts (null when this is the last). */
    public record Slice(List<ConversationView> items, Position next) {
    }

    private final Pool pool;

    private final TextBudget budget;

    public ActivityReads(Pool pool, TextBudget budget) {
        this.pool = pool;
        this.budget = budget;
    }

    /**
     * One page of the activity log by {@code (value, id)} keyset, nulls last in both orders ({@link Keyset}): each part
     * a plain range scan of its own index, however deep the page.
     */
    public Uni<Slice> list(String workspaceId, ActivityFilter filter, Sort sort, boolean descending, int limit, Position after) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = " where c.workspace_id = $1" + filter.where(params);
        Keyset.Key key = new Keyset.Key(sort.wire, sort.column, sort.sqlType, sort.nullable);
        return Keyset.read(pool, COLUMNS + ", c.conversation_id as item_id", FROM, where, params, key, "c.conversation_id", descending,
                        limit, after)
                .map(page -> new Slice(page.rows().stream().map(ActivityReads::row).toList(), page.next()));
    }

    /** A page of the conversations that match the filter's content search (issue 26), in the log's order ({@link ConversationSearch}). */
    public Uni<SearchPage<ConversationView>> search(String workspaceId, ActivityFilter filter, Sort sort, boolean descending, int limit,
                                                    Position after) {
        Keyset.Key key = new Keyset.Key(sort.wire, sort.column, sort.sqlType, sort.nullable);
        return ConversationSearch.run(pool, budget, workspaceId, filter, key, descending, limit, after);
    }

    /**
     * Which of these conversations (id to subject) a content search matches, and where, within {@code budgetMs}: for a
     * live activity log with {@code q}. Those not decided in time are left out.
     */
    public Uni<Map<String, List<ConversationView.ConversationMatch>>> matching(String workspaceId, io.apilogs.query.search.SearchQuery query,
                                                                            Map<String, String> subjects, long budgetMs) {
        return ConversationMatches.of(pool, budget, workspaceId, query, subjects, System.currentTimeMillis() + budgetMs)
                .map(ConversationMatches.Decided::matches);
    }

    /**
     * Every match of a content search in one conversation, in timeline order (issue 26: "find in this conversation"),
     * at most {@code cap}; null when the conversation does not exist in the workspace.
     */
    public Uni<ConversationView.Matches> matchesWithin(String workspaceId, io.apilogs.query.search.SearchQuery query, String conversationId,
                                                       int cap, long budgetMs) {
        return one(workspaceId, conversationId).chain(view -> view == null ? Uni.createFrom().nullItem()
                : Cancellable.on(pool, conn -> ConversationMatches.within(conn, budget, workspaceId, query, conversationId, view.subject(), cap,
                        System.currentTimeMillis() + budgetMs))
                        .map(found -> new ConversationView.Matches(found.items(), found.truncated())));
    }

    /** Null when the conversation does not exist in the workspace. */
    public Uni<ConversationView> one(String workspaceId, String conversationId) {
        return pool.preparedQuery("select " + ROW_COLUMNS + " where c.workspace_id = $1 and c.conversation_id = $2")
                .execute(Tuple.of(workspaceId, conversationId))
                .map(rows -> rows.rowCount() == 0 ? null : row(rows.iterator().next()));
    }

    /** The rows of these conversations, as they are now (for the live activity log). */
    public Uni<List<ConversationView>> some(String workspaceId, List<String> conversationIds) {
        return pool.preparedQuery("select " + ROW_COLUMNS + " where c.workspace_id = $1 and c.conversation_id = any($2::text[])")
                .execute(Tuple.of(workspaceId, conversationIds.toArray(String[]::new)))
                .map(rows -> {
                    List<ConversationView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(row(row)));
                    return views;
                });
    }

    /** The tags among a conversation's labels ({@code t:<tag>}, sorted as stored). */
    static List<String> tags(List<String> labels) {
        return labels.stream().filter(l -> l.startsWith("t:")).map(l -> l.substring(2)).toList();
    }

    static ConversationView row(Row row) {
        List<String> labels = Rows.strings(row.getArrayOfStrings("labels"));
        OffsetDateTime first = row.getOffsetDateTime("first_at");
        OffsetDateTime last = row.getOffsetDateTime("last_at");
        Long durationMs = first == null || last == null ? null : java.time.Duration.between(first, last).toMillis();
        return new ConversationView(row.getString("conversation_id"), row.getString("subject"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")),
                row.getInteger("call_count"), row.getInteger("tool_count"), row.getInteger("http_count"), row.getInteger("error_count"),
                new Tokens(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                        row.getLong("cache_write_tokens"), row.getLong("reasoning_tokens"), row.getLong("total_tokens")),
                Rows.money(row, "cost_usd"), row.getInteger("unpriced_call_count"), Rows.time(row, "first_at"), Rows.time(row, "last_at"),
                durationMs, Rows.strings(row.getArrayOfStrings("models")), Rows.strings(row.getArrayOfStrings("tools")),
                row.getString("user_id") == null ? null : new UserRef(row.getString("user_id"), row.getString("user_name")),
                tags(labels), labels);
    }
}
