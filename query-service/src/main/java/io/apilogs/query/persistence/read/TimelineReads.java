package io.apilogs.query.persistence.read;

import io.apilogs.query.view.TimelineItem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A conversation's timeline: pages by (startedAt, seq), and the items committed after a seq (for live streams). */
@ApplicationScoped
public class TimelineReads {
    /**
     * The most bytes of items (estimated, {@link TimelineItems#BYTES}) one page or one live catch-up read holds: 16
     * reads at once (the pool) hold at most 32 MiB, whatever the items carry (docs/deploy.md, "Memory").
     */
    static final long PAGE_BYTES = 2 * 1024 * 1024;
    private static final String AFTER_SEQ = TimelineItems.cutByBytes(
            "select * from (" + TimelineItems.UNION + ") items where seq > $3 order by seq limit $4", "seq", "$5");

    /** Where a page ended: the last item's startedAt (as PostgreSQL prints it) and seq. */
    public record Position(String startedAt, long seq) {
    }

    /**
     * One page; {@code next} is null on the last; {@code lastSeq} is the highest committed seq when the page was read;
     * {@code strides}: on a first page with more to come, where every later page of this limit starts (up to
     * {@value #MAX_STRIDES}), so a client can ask for them at once.
     */
    public record Slice(List<TimelineItem> items, Position next, long lastSeq, List<Position> strides, Integer itemPage) {
    }

    /** A timeline item by its kind and id (the callId of an llm_call, the eventId of the others). */
    public record ItemRef(String kind, String id) {
        /** The table and id column that hold items of this kind; null for a kind that is not a timeline item's. */
        public String[] tableAndColumn() {
            return switch (kind) {
                case "llm_call" -> new String[] {"llm_calls", "call_id"};
                case "tool_execution" -> new String[] {"tool_executions", "event_id"};
                case "http_request" -> new String[] {"http_requests", "event_id"};
                default -> null;
            };
        }
    }

    /** The most page starts a first page lists: 100 pages of 200 items, a 20,000-entry timeline. */
    static final int MAX_STRIDES = 100;
    /**
     * Every limit-th item's position ($5: limit) among the first $6 items in timeline order, where a later item
     * follows it. Reads only the (started_at, seq) index columns of the conversation's span.
     */
    private static final String STRIDES = """
            select started_at, seq from (
              select started_at, seq, row_number() over (order by started_at, seq) as n, count(*) over () as total from (
                select started_at, seq from (
                  select started_at, seq from llm_calls
                  where workspace_id = $1 and conversation_id = $2 and started_at between $3 and $4
                  union all
                  select started_at, seq from tool_executions
                  where workspace_id = $1 and conversation_id = $2 and started_at between $3 and $4
                  union all
                  select started_at, seq from http_requests
                  where workspace_id = $1 and conversation_id = $2 and started_at between $3 and $4) u
                order by started_at, seq limit $6) o) x
            where n % $5 = 0 and n < total order by n""";

    /** Items committed after a seq; {@code more}: others follow (the read stopped at its count or its bytes). */
    public record After(List<TimelineItem> items, boolean more) {
    }

    private final Pool pool;

    public TimelineReads(Pool pool) {
        this.pool = pool;
    }

    /**
     * Null when the conversation does not exist in the workspace. On a first page with strides, {@code item} (when not
     * null) is looked up: {@code itemPage} says which page holds it (0: this one; n: the page at the n-th stride), so a
     * client can read that page first. It is null when the item is not in the conversation, or lies after the last
     * of the {@value #MAX_STRIDES} page starts listed.
     */
    public Uni<Slice> page(String workspaceId, String conversationId, int limit, Position after, ItemRef item) {
        // The conversation's highest committed seq, read before the page: every item up to it is on some page read
        // after it, so a live stream resumed after it misses nothing (lastSeq, beyond API.md). Its span bounds the
        // page's read to the partitions of the months it covers.
        Uni<Row> conversation = pool.preparedQuery("select last_seq, first_at, last_at from conversations where workspace_id = $1"
                        + " and conversation_id = $2").execute(Tuple.of(workspaceId, conversationId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next());
        return conversation.chain(c -> {
            if (c == null) {
                return Uni.createFrom().nullItem();
            }
            long seq = c.getLong("last_seq");
            if (c.getOffsetDateTime("first_at") == null) {
                return Uni.createFrom().item(new Slice(List.of(), null, seq, List.of(), null)); // metadata only: no item yet
            }
            List<Object> params = new ArrayList<>(List.of(workspaceId, conversationId, c.getOffsetDateTime("first_at"),
                    c.getOffsetDateTime("last_at")));
            String where = "";
            if (after != null) {
                params.add(OffsetDateTime.parse(after.startedAt()));
                params.add(after.seq());
                where = " where (started_at, seq) > ($5, $6)";
            }
            params.add(limit + 1);
            String page = "select * from (" + TimelineItems.UNION_WITHIN + ") items" + where + " order by started_at, seq limit $"
                    + params.size();
            params.add(PAGE_BYTES);
            String sql = TimelineItems.cutByBytes(page, "started_at, seq", "$" + params.size());
            return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
                List<TimelineItem> items = new ArrayList<>();
                Row last = null;
                int count = 0;
                long fetched = 0;
                for (Row row : rows) {
                    fetched = row.getLong("fetched");
                    if (count++ == limit) {
                        break;
                    }
                    items.add(TimelineItems.item(row));
                    last = row;
                }
                // More follow when the limit + 1st row came, or when the byte cut left out rows the query found.
                boolean more = count > limit || rows.rowCount() < fetched;
                Position next = more && last != null
                        ? new Position(last.getOffsetDateTime("started_at").toString(), last.getLong("seq")) : null;
                return new Slice(items, next, seq, List.of(), null);
            }).chain(slice -> after != null || slice.next() == null ? Uni.createFrom().item(slice)
                    : strides(workspaceId, conversationId, c, limit).chain(strides -> itemPage(workspaceId, conversationId, c, item, strides)
                            .map(itemPage -> new Slice(slice.items(), slice.next(), seq, strides, itemPage))));
        });
    }

    /** Which page holds {@code item}: how many of the strides (where later pages start) are before it. */
    private Uni<Integer> itemPage(String workspaceId, String conversationId, Row conversation, ItemRef item, List<Position> strides) {
        String[] table = item == null ? null : item.tableAndColumn();
        if (table == null) {
            return Uni.createFrom().nullItem();
        }
        String sql = "select started_at, seq from " + table[0] + " where workspace_id = $1 and conversation_id = $2"
                + " and started_at between $3 and $4 and " + table[1] + " = $5 limit 1";
        return pool.preparedQuery(sql).execute(Tuple.of(workspaceId, conversationId, conversation.getOffsetDateTime("first_at"),
                conversation.getOffsetDateTime("last_at"), item.id())).map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime at = row.getOffsetDateTime("started_at");
                    long seq = row.getLong("seq");
                    // A stride is the last item before a page (its cursor): the item is on the page after every stride
                    // strictly before it.
                    int page = 0;
                    for (Position stride : strides) {
                        int byTime = OffsetDateTime.parse(stride.startedAt()).compareTo(at);
                        if (byTime > 0 || byTime == 0 && stride.seq() >= seq) {
                            break;
                        }
                        page++;
                    }
                    // Past the last listed start of a timeline longer than the starts listed, the page is not known.
                    return page == MAX_STRIDES ? null : page;
                });
    }

    private Uni<List<Position>> strides(String workspaceId, String conversationId, Row conversation, int limit) {
        return pool.preparedQuery(STRIDES).execute(Tuple.from(List.of(workspaceId, conversationId, conversation.getOffsetDateTime("first_at"),
                        conversation.getOffsetDateTime("last_at"), (long) limit, (long) limit * (MAX_STRIDES + 1))))
                .map(rows -> {
                    List<Position> strides = new ArrayList<>();
                    for (Row row : rows) {
                        strides.add(new Position(row.getOffsetDateTime("started_at").toString(), row.getLong("seq")));
                    }
                    return strides;
                });
    }

    /** Up to {@code limit} items (and about {@link #PAGE_BYTES}) committed after {@code seq}, in seq order. */
    public Uni<After> after(String workspaceId, String conversationId, long seq, int limit) {
        return pool.preparedQuery(AFTER_SEQ).execute(Tuple.of(workspaceId, conversationId, seq, limit, PAGE_BYTES)).map(rows -> {
            List<TimelineItem> items = new ArrayList<>();
            long fetched = 0;
            for (Row row : rows) {
                fetched = row.getLong("fetched");
                items.add(TimelineItems.item(row));
            }
            return new After(items, items.size() == limit || items.size() < fetched);
        });
    }
}
