package io.apilogs.query.persistence.read;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an export (issue 25, item 4): every row of a filtered list, read through a server-side cursor in one
 * read-only REPEATABLE READ transaction. So the export is one snapshot (a row written meanwhile is in it whole or not
 * at all), has no row cap, and holds at most {@code fetch} rows at a time: the cursor fetches more only as the
 * response is written.
 */
@ApplicationScoped
public class ExportReads {
    /** Rows fetched at a time without bodies (a row is under 2 KB), and with them (a call's bodies may be megabytes). */
    public static final int FETCH = 200;
    public static final int FETCH_WITH_BODIES = 4;

    private static final String CALL_BODIES = """
            , p.text as system_prompt, b.messages, b.response_text, b.thinking, b.tool_calls as tool_calls_full""";
    private static final String CALL_BODY_JOINS = " left join llm_call_bodies b on b.workspace_id = l.workspace_id"
            + " and b.call_id = l.call_id and b.started_at = l.started_at"
            + " left join prompts p on p.workspace_id = l.workspace_id and p.sha256 = l.prompt_sha256";

    private final Pool pool;

    public ExportReads(Pool pool) {
        this.pool = pool;
    }

    /** The activity log's rows of the filter, most recent activity first. */
    public Multi<Row> conversations(String workspaceId, ActivityFilter filter) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String sql = "select " + ActivityReads.ROW_COLUMNS + " where c.workspace_id = $1" + filter.where(params)
                + " order by c.last_at desc, c.conversation_id desc";
        return stream(sql, params, FETCH);
    }

    /** The calls of the filter, newest first; with their system prompt, messages and response when {@code bodies}. */
    public Multi<Row> calls(String workspaceId, ActivityFilter filter, boolean bodies) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String sql = "select " + CallListReads.COLUMNS + (bodies ? CALL_BODIES : "") + CallListReads.JOINS + (bodies ? CALL_BODY_JOINS : "")
                + CallListReads.WHERE + CallWhere.of(filter, params)
                + " order by l.started_at desc, l.call_id desc";
        return stream(sql, params, bodies ? FETCH_WITH_BODIES : FETCH);
    }

    /** Tool executions of the filter, newest first; with their input and result when {@code bodies}. */
    public Multi<Row> tools(String workspaceId, ActivityFilter filter, boolean bodies) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String sql = "select " + ItemListReads.TOOL_COLUMNS + (bodies ? ", b.input, b.result" : "") + ItemListReads.TOOL_JOINS
                + (bodies ? " left join tool_execution_bodies b on b.workspace_id = t.workspace_id and b.event_id = t.event_id"
                + " and b.started_at = t.started_at" : "")
                + " where t.workspace_id = $1" + ItemWhere.of(ItemWhere.TOOLS, filter, params) + " order by t.started_at desc, t.event_id desc";
        return stream(sql, params, bodies ? FETCH_WITH_BODIES : FETCH);
    }

    /** Tools' HTTP requests of the filter, newest first; with their headers and bodies when {@code bodies}. */
    public Multi<Row> http(String workspaceId, ActivityFilter filter, boolean bodies) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String sql = "select " + ItemListReads.HTTP_COLUMNS
                + (bodies ? ", b.request_headers, b.response_headers, b.request_body, b.response_body" : "") + ItemListReads.HTTP_JOINS
                + (bodies ? " left join http_request_bodies b on b.workspace_id = h.workspace_id and b.event_id = h.event_id"
                + " and b.started_at = h.started_at" : "")
                + " where h.workspace_id = $1" + ItemWhere.of(ItemWhere.HTTP, filter, params) + " order by h.started_at desc, h.event_id desc";
        return stream(sql, params, bodies ? FETCH_WITH_BODIES : FETCH);
    }

    private Multi<Row> stream(String sql, List<Object> params, int fetch) {
        return pool.getConnection().onItem().transformToMulti(conn -> conn.begin().onFailure().call(conn::close)
                .onItem().transformToMulti(tx -> conn.query("set transaction isolation level repeatable read, read only").execute()
                        .chain(() -> conn.prepare(sql))
                        .onItem().transformToMulti(statement -> statement.createStream(fetch, Tuple.from(params)).toMulti())
                        .onTermination().call(() -> end(conn, tx))));
    }

    /** Read only: nothing to commit. The connection goes back to the pool whatever happened. */
    private static Uni<Void> end(SqlConnection conn, Transaction tx) {
        return tx.rollback().onFailure().recoverWithNull().eventually(conn::close);
    }
}
