package io.apilogs.query.persistence.read;

import io.apilogs.query.search.SearchMatcher;
import io.apilogs.query.search.SearchQuery;
import io.apilogs.query.view.SearchMatch;
import io.apilogs.query.view.SearchProgress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Content search over one kind of item (issue 26), newest first, answered as soon as the page is full:
 * <ol>
 *   <li>a window of the newest {@link #WINDOW} items of the filter, by the list's time index: a common phrase fills
 *       its page here;</li>
 *   <li>then month by month, newest first, the candidates of the content index ({@code search_keys}, GiST), the
 *       items of conversations whose subject matches and the calls whose system prompt may, up to {@link #CAP} each
 *       per month ({@link MonthCandidates}), checked in chunks.</li>
 * </ol>
 * Every candidate is checked for the literal terms ({@link SearchMatcher}) before it is a result. A search stops at
 * {@link #BUDGET_MS} or when a month has more candidates than {@link #CAP} that are not results, and answers with what
 * it found, how far it searched, and a position to go on from.
 */
final class ItemSearch {
    static final int WINDOW = 500;
    static final int CAP = 2_000;
    static final int CHUNK = 100;
    static final long BUDGET_MS = 1_500;

    /** The bounds of a search: window, candidates per month, chunk, budget (tests shrink them to reach every path). */
    record Bounds(int window, int cap, int chunk, long budgetMs) {
        static final Bounds DEFAULT = new Bounds(WINDOW, CAP, CHUNK, BUDGET_MS);
    }
    private static final OffsetDateTime END = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** A result: the list's row and where it matched. */
    record Hit(Row row, List<SearchMatch> matches) {
    }

    /** A page of results, where the next page starts (null after the last), and how far the search went. */
    record Result(List<Hit> hits, ActivityReads.Position next, SearchProgress progress) {
        <T> List<T> map(Function<Hit, T> mapper) {
            return hits.stream().map(mapper).toList();
        }
    }

    private final SqlClient pool;
    private final SearchKind kind;
    private final String workspaceId;
    private final ActivityFilter filter;
    private final SearchQuery query;
    private final int limit;
    private final long deadline;
    private final Bounds bounds;
    private final TextBudget budget;
    private final List<Hit> hits = new ArrayList<>();
    private OffsetDateTime at;
    private String atId;
    private OffsetDateTime lower;
    /** The system prompts that may match (SHA-256 to text), for calls. */
    private Map<String, String> prompts = Map.of();
    private final MonthCandidates candidates;

    private ItemSearch(SqlClient pool, TextBudget budget, SearchKind kind, String workspaceId, ActivityFilter filter, int limit,
                       ActivityReads.Position after, Bounds bounds) {
        this.bounds = bounds;
        this.budget = budget;
        this.candidates = new MonthCandidates(pool, kind, workspaceId, filter.search(), bounds.cap(),
                filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC));
        this.pool = pool;
        this.kind = kind;
        this.workspaceId = workspaceId;
        this.filter = filter;
        this.query = filter.search();
        this.limit = limit;
        this.deadline = System.currentTimeMillis() + bounds.budgetMs();
        if (after != null) {
            at = OffsetDateTime.parse(after.value());
            atId = after.id() == null ? "" : after.id();
        } else {
            at = filter.toExclusive() == null ? END : filter.toExclusive().atOffset(ZoneOffset.UTC);
            atId = "";
        }
    }

    static Uni<Result> run(Pool pool, TextBudget budget, SearchKind kind, String workspaceId, ActivityFilter filter, int limit,
                           ActivityReads.Position after) {
        return run(pool, budget, kind, workspaceId, filter, limit, after, Bounds.DEFAULT);
    }

    static Uni<Result> run(Pool pool, TextBudget budget, SearchKind kind, String workspaceId, ActivityFilter filter, int limit,
                           ActivityReads.Position after, Bounds bounds) {
        return Cancellable.on(pool, conn -> new ItemSearch(conn, budget, kind, workspaceId, filter, limit, after, bounds).start());
    }

    private Uni<Result> start() {
        Uni<PromptMatches.Found> matching = kind == SearchKind.CALL ? PromptMatches.of(pool, budget, workspaceId, query)
                : Uni.createFrom().item(PromptMatches.Found.NONE);
        long[] reserved = {0};
        return matching.invoke(found -> {
            prompts = found.prompts();
            reserved[0] = found.reserved();
        }).chain(() -> Months.of(pool, kind.bodies)).chain(months -> {
            OffsetDateTime oldest = months.isEmpty() ? at : months.get(months.size() - 1);
            lower = filter.from() == null ? oldest : max(oldest, filter.from().atOffset(ZoneOffset.UTC));
            return window(0).chain(done -> done != null ? Uni.createFrom().item(done) : month(months, 0));
        }).eventually(() -> budget.release(reserved[0]));
    }

    /** The newest items of the filter from the position, checked; a result when the page filled or nothing older is left. */
    private Uni<Result> window(int walked) {
        int before = hits.size();
        List<Object> params = new ArrayList<>(List.of(workspaceId, query.keys()));
        String where = " where " + kind.alias + ".workspace_id = $1" + kind.where(filter, params) + before(params);
        params.add(bounds.window());
        String sql = kind.select(2, where + order() + " limit $" + params.size(), OUTER_ORDER);
        return Keyset.rows(pool, sql, params).chain(rows -> SearchFetch.each(pool, budget, kind, workspaceId, query, prompts, rows, this::take).chain(taken -> {
            if (hits.size() >= limit) {
                return Uni.createFrom().item(full());
            }
            if (rows.size() < bounds.window()) {
                return Uni.createFrom().item(exhausted());
            }
            moveTo(rows.get(rows.size() - 1));
            // A phrase this window found often enough to fill the page within a few more windows (a common one) goes on
            // walking: cheaper than collecting a month's worth of index candidates it would mostly not need.
            int found = hits.size() - before;
            if (found > 0 && limit - hits.size() <= MORE_WINDOWS * found && walked + 1 <= MORE_WINDOWS
                    && System.currentTimeMillis() < deadline) {
                return window(walked + 1);
            }
            return Uni.createFrom().nullItem();
        }));
    }

    /** At most this many windows beyond the first, for a phrase the windows find often. */
    static final int MORE_WINDOWS = 3;

    /** The newest month, from {@code i} on, that holds items before the position; then the older ones. */
    private Uni<Result> month(List<OffsetDateTime> months, int i) {
        while (i < months.size() && !months.get(i).isBefore(at)) {
            i++;
        }
        if (i >= months.size() || !at.isAfter(lower)) {
            return Uni.createFrom().item(exhausted());
        }
        if (System.currentTimeMillis() > deadline) {
            return Uni.createFrom().item(bounded());
        }
        int index = i;
        OffsetDateTime monthStart = max(months.get(index), lower);
        int next = index + 1;
        return candidates.of(monthStart, at, atId, prompts).chain(candidates -> check(candidates.ids(), candidates.ats(), 0).chain(done -> {
            if (done != null) {
                return Uni.createFrom().item(done);
            }
            if (candidates.capped()) {
                return Uni.createFrom().item(bounded());
            }
            at = monthStart;
            atId = "";
            return month(months, next);
        }));
    }

    /** Checks candidates {@code from} on, a chunk at a time, in the list's filter; a result when the page fills. */
    private Uni<Result> check(List<String> ids, List<OffsetDateTime> ats, int from) {
        if (from >= ids.size()) {
            return Uni.createFrom().nullItem();
        }
        if (System.currentTimeMillis() > deadline) {
            return Uni.createFrom().item(bounded());
        }
        int to = Math.min(ids.size(), from + bounds.chunk());
        List<Object> params = new ArrayList<>(List.of(workspaceId, query.keys(), ids.subList(from, to).toArray(String[]::new),
                ats.subList(from, to).toArray(OffsetDateTime[]::new)));
        String a = kind.alias;
        String sql = kind.select(2, " join unnest($3::text[], $4::timestamptz[]) as k(id, at) on " + a + "." + kind.id + " = k.id and "
                + a + ".started_at = k.at where " + a + ".workspace_id = $1" + kind.where(filter, params), OUTER_ORDER);
        return Keyset.rows(pool, sql, params).chain(rows -> SearchFetch.each(pool, budget, kind, workspaceId, query, prompts, rows, this::take).chain(taken -> {
            if (hits.size() >= limit) {
                return Uni.createFrom().item(full());
            }
            at = ats.get(to - 1);
            atId = ids.get(to - 1);
            return check(ids, ats, to);
        }));
    }

    /** Adds the row when it matches; true when the page is full. */
    private boolean take(Row row, SearchMatcher matcher) {
        if (matcher.matched()) {
            hits.add(new Hit(row, matcher.matches()));
            moveTo(row);
        }
        return hits.size() >= limit;
    }

    private void moveTo(Row row) {
        at = row.getOffsetDateTime("started_at");
        atId = row.getString("item_id");
    }

    private Result full() {
        return new Result(hits, new ActivityReads.Position(at.toString(), atId), SearchProgress.COMPLETE);
    }

    private Result exhausted() {
        return new Result(hits, null, SearchProgress.COMPLETE);
    }

    private Result bounded() {
        return new Result(hits, new ActivityReads.Position(at.toString(), atId), new SearchProgress(false, io.apilogs.model.Times.format(at)));
    }

    /** Items strictly older than the position, on the list's alias ({@link MonthCandidates#before}). */
    private String before(List<Object> params) {
        return MonthCandidates.before(params, kind.alias, kind.id, at, atId);
    }

    private static final String OUTER_ORDER = " order by w.started_at desc, w.item_id desc";

    private String order() {
        return " order by " + kind.alias + ".started_at desc, " + kind.alias + "." + kind.id + " desc";
    }


    private static OffsetDateTime max(OffsetDateTime a, OffsetDateTime b) {
        return a.isAfter(b) ? a : b;
    }

}
