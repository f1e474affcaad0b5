package io.apilogs.query.persistence;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The retention job's SQL. Months are dropped whole: a month goes once all of it is older than the retention, so data
 * is kept at least the retention and at most a month longer. First the month's partitions of the six timeline tables
 * are detached (concurrently, so readers and writers are not blocked) and dropped; then the rows of the other tables
 * that belong to dropped months go, by time, in bounded batches: the dedup guard, call keys, hourly usage,
 * conversations whose last activity is older, and prompts no kept call uses. Each step can be repeated, so a job cut
 * short finishes at its next run. Only one replica runs it at a time (a session advisory lock).
 */
@ApplicationScoped
public class Retention {
    static final List<String> PARTITIONED = List.of("llm_calls", "llm_call_bodies", "tool_executions", "tool_execution_bodies",
            "http_requests", "http_request_bodies");
    private static final Pattern MONTH = Pattern.compile("^(.+)_(\\d{4})_(\\d{2})$");
    private static final String LOCK = "select pg_try_advisory_lock(hashtext('apilogs_retention')) as locked";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtext('apilogs_retention'))";
    private static final String PARTITIONS = """
            select c.relname as name, p.relname as parent, c.relispartition as attached
            from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
            where p.relname = any($1::text[])""";

    /** Every workspace with data: the workspaces table, and a skip scan of the conversations' primary key. */
    private static final String WORKSPACES = """
            with recursive w as (
                (select workspace_id from conversations order by workspace_id limit 1)
                union all
                select (select c.workspace_id from conversations c where c.workspace_id > w.workspace_id
                        order by c.workspace_id limit 1)
                from w where w.workspace_id is not null)
            select workspace_id from w where workspace_id is not null
            union select id from workspaces""";

    /** The table deletes, each taking at most {@code $n} rows per statement. */
    private static final Map<String, String> BY_TIME = new LinkedHashMap<>();
    private static final Map<String, String> BY_WORKSPACE_AND_TIME = new LinkedHashMap<>();

    static {
        BY_TIME.put("processed_events", """
                delete from processed_events where ctid = any(array(
                    select ctid from processed_events where started_at < $1 limit $2))""");
        BY_TIME.put("call_keys", """
                delete from call_keys where ctid = any(array(select ctid from call_keys where started_at < $1 limit $2))""");
        BY_TIME.put("conversation_links", """
                delete from conversation_links where ctid = any(array(
                    select ctid from conversation_links where linked_at < $1 limit $2))""");
        BY_TIME.put("pending_contents", """
                delete from pending_contents where ctid = any(array(
                    select ctid from pending_contents where received_at < $1 limit $2))""");
        BY_WORKSPACE_AND_TIME.put("usage_hourly_model", """
                delete from usage_hourly_model where ctid = any(array(
                    select ctid from usage_hourly_model where workspace_id = $1 and hour < $2 limit $3))""");
        BY_WORKSPACE_AND_TIME.put("usage_hourly_assistant", """
                delete from usage_hourly_assistant where ctid = any(array(
                    select ctid from usage_hourly_assistant where workspace_id = $1 and hour < $2 limit $3))""");
        // Analytics' merged spans (V22) of the hours removed above.
        BY_WORKSPACE_AND_TIME.put("usage_spans", """
                delete from usage_spans where ctid = any(array(
                    select ctid from usage_spans where workspace_id = $1 and span_start < $2 limit $3))""");
        BY_WORKSPACE_AND_TIME.put("usage_spans_done", """
                delete from usage_spans_done where ctid = any(array(
                    select ctid from usage_spans_done where workspace_id = $1 and span_start < $2 limit $3))""");
        BY_WORKSPACE_AND_TIME.put("conversations", """
                delete from conversations where ctid = any(array(
                    select ctid from conversations where workspace_id = $1 and last_at < $2 limit $3)) and last_at < $2""");
        // A prompt's counts go all at once, when its latest use is older than the boundary: the counts of a kept
        // prompt stay all-time figures.
        BY_WORKSPACE_AND_TIME.put("prompt_stats", """
                delete from prompt_stats where workspace_id = $1 and sha256 = any(array(
                    select sha256 from prompt_stats where workspace_id = $1 group by sha256 having max(last_seen_at) < $2 limit $3))
                and last_seen_at < $2""");
    }

    /** What one run removed: partitions dropped, and rows deleted per table. {@code ran} is false when another replica held the lock. */
    public record Report(boolean ran, Instant boundary, List<String> droppedPartitions, Map<String, Long> deletedRows) {
    }

    private final Pool pool;

    public Retention(Pool pool) {
        this.pool = pool;
    }

    /** The first instant kept: the start (UTC) of the month that holds {@code now - days}. Everything before it goes. */
    public static Instant boundary(Instant now, int days) {
        YearMonth month = YearMonth.from(now.minusSeconds(days * 86_400L).atOffset(ZoneOffset.UTC));
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Creates this month's partitions and the next month's, so no writer has to at a month's first event. */
    public Uni<Void> createAhead(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return pool.withTransaction(conn -> conn.preparedQuery("select apilogs_ensure_month($1)").execute(Tuple.of(at))
                .chain(() -> conn.preparedQuery("select apilogs_ensure_month($1)").execute(Tuple.of(at.plusMonths(1))))
                .replaceWithVoid());
    }

    /** Removes every month before {@code boundary}, {@code batch} rows per delete statement. */
    public Uni<Report> removeBefore(Instant boundary, int batch) {
        return pool.withConnection(conn -> conn.query(LOCK).execute().chain(rows -> {
            if (!Boolean.TRUE.equals(rows.iterator().next().getBoolean("locked"))) {
                return Uni.createFrom().item(new Report(false, boundary, List.of(), Map.of()));
            }
            Map<String, Long> deleted = new LinkedHashMap<>();
            return dropPartitions(conn, boundary)
                    .chain(dropped -> deleteByTime(conn, boundary, batch, deleted)
                            .chain(() -> deleteByWorkspace(conn, boundary, batch, deleted))
                            .map(done -> new Report(true, boundary, dropped, deleted)))
                    .eventually(() -> conn.query(UNLOCK).execute());
        }));
    }

    private Uni<List<String>> dropPartitions(SqlConnection conn, Instant boundary) {
        YearMonth first = YearMonth.from(boundary.atOffset(ZoneOffset.UTC));
        return conn.preparedQuery(PARTITIONS).execute(Tuple.of(PARTITIONED.toArray(String[]::new))).chain(rows -> {
            List<Row> old = new ArrayList<>();
            for (Row row : rows) {
                Matcher m = MONTH.matcher(row.getString("name"));
                if (m.matches() && YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).isBefore(first)) {
                    old.add(row);
                }
            }
            return Multi.createFrom().iterable(old).onItem().transformToUniAndConcatenate(row -> drop(conn, row))
                    .collect().asList();
        });
    }

    /**
     * Detaches one partition without blocking its parent's readers and writers, then drops it. A detach cut short
     * earlier leaves the partition "pending": it is finalized instead.
     */
    private static Uni<String> drop(SqlConnection conn, Row row) {
        String name = row.getString("name");
        String parent = row.getString("parent");
        String detach = "alter table " + quote(parent) + " detach partition " + quote(name) + " concurrently";
        String finalize = "alter table " + quote(parent) + " detach partition " + quote(name) + " finalize";
        return conn.query(detach).execute()
                .onFailure().recoverWithUni(e -> e.getMessage() != null && e.getMessage().contains("pending")
                        ? conn.query(finalize).execute() : Uni.createFrom().failure(e))
                .chain(() -> conn.query("drop table if exists " + quote(name)).execute())
                .replaceWith(name);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private Uni<Void> deleteByTime(SqlConnection conn, Instant boundary, int batch, Map<String, Long> deleted) {
        OffsetDateTime before = boundary.atOffset(ZoneOffset.UTC);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, String> table : BY_TIME.entrySet()) {
            chain = chain.chain(() -> repeat(conn, table.getValue(), Tuple.of(before, batch), batch, table.getKey(), deleted));
        }
        return chain;
    }

    private Uni<Void> deleteByWorkspace(SqlConnection conn, Instant boundary, int batch, Map<String, Long> deleted) {
        OffsetDateTime before = boundary.atOffset(ZoneOffset.UTC);
        return conn.query(WORKSPACES).execute().chain(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Row row : rows) {
                String workspace = row.getString(0);
                for (Map.Entry<String, String> table : BY_WORKSPACE_AND_TIME.entrySet()) {
                    chain = chain.chain(() -> repeat(conn, table.getValue(), Tuple.of(workspace, before, batch), batch, table.getKey(), deleted));
                }
                chain = chain.chain(() -> deleteUnusedPrompts(conn, workspace, batch, deleted));
            }
            return chain;
        });
    }

    /**
     * Deletes the prompts of a workspace that no {@code prompt_stats} row refers to any more. Candidates are found
     * without a lock; each is then checked again and deleted by key in a transaction that holds {@code prompt_stats}
     * in SHARE mode: writers add a prompt's counts before they skip its text as already stored, so none can count on a
     * prompt that is being deleted. The lock lasts one delete of at most {@code batch} keys.
     */
    private static Uni<Void> deleteUnusedPrompts(SqlConnection conn, String workspace, int batch, Map<String, Long> deleted) {
        return conn.preparedQuery(UNUSED_PROMPTS).execute(Tuple.of(workspace, batch)).chain(candidates -> {
            if (candidates.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            List<String> keys = new ArrayList<>();
            candidates.forEach(row -> keys.add(row.getString(0)));
            return conn.begin().chain(tx -> conn.query("lock table prompt_stats in share mode").execute()
                            .chain(() -> conn.preparedQuery(DELETE_UNUSED_PROMPTS).execute(Tuple.of(workspace, keys.toArray(String[]::new))))
                            .call(tx::commit)
                            .onFailure().call(tx::rollback))
                    .chain(result -> {
                        deleted.merge("prompts", (long) result.rowCount(), Long::sum);
                        return candidates.rowCount() < batch ? Uni.createFrom().voidItem() : deleteUnusedPrompts(conn, workspace, batch, deleted);
                    });
        });
    }

    private static final String UNUSED_PROMPTS = """
            select sha256 from prompts p where workspace_id = $1
            and not exists (select 1 from prompt_stats s where s.workspace_id = p.workspace_id and s.sha256 = p.sha256)
            limit $2""";
    private static final String DELETE_UNUSED_PROMPTS = """
            delete from prompts p where workspace_id = $1 and sha256 = any($2::text[])
            and not exists (select 1 from prompt_stats s where s.workspace_id = p.workspace_id and s.sha256 = p.sha256)""";

    /** Runs a bounded delete until it takes fewer rows than a batch: each statement is its own short transaction. */
    private static Uni<Void> repeat(SqlConnection conn, String sql, Tuple args, int batch, String table, Map<String, Long> deleted) {
        return conn.preparedQuery(sql).execute(args).chain(result -> {
            deleted.merge(table, (long) result.rowCount(), Long::sum);
            return result.rowCount() < batch ? Uni.createFrom().voidItem() : repeat(conn, sql, args, batch, table, deleted);
        });
    }
}
