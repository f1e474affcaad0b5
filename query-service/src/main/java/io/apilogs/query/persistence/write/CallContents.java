package io.apilogs.query.persistence.write;

import io.apilogs.model.Hashing;
import io.apilogs.model.Json;
import io.apilogs.model.event.CallContentEvent;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.PoisonEventException;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Joins OpenTelemetry calls with their content sent apart ({@link CallContentEvent}, from OTLP log records), whichever
 * comes first, in the batch's transaction:
 * <ul>
 *   <li>a call of the batch takes the content that waits for it in {@code pending_contents} and the content of the
 *       same batch, before it is stored;</li>
 *   <li>content for a call already stored fills in what the stored call lacks (messages are appended);</li>
 *   <li>content for a call not stored yet waits in {@code pending_contents}.</li>
 * </ul>
 * A transaction-scoped advisory lock per call keeps a call and its content, written at the same time by two
 * consumers, from missing each other. Content never counts as a timeline item and changes no roll-up.
 */
final class CallContents {
    private static final String LOCK = """
            select count(pg_advisory_xact_lock(hashtextextended(k, 23))) from (select k from unnest($1::text[]) k order by k) l""";

    private static final String TAKE_PENDING = """
            delete from pending_contents p using {unnest}
            where p.workspace_id = u.ws and p.call_event_id = u.call_event_id
            returning p.content""";

    private static final String FIND_STORED = """
            select p.workspace_id, p.event_id, c.call_id, c.started_at, c.prompt_sha256
            from {unnest}
            join processed_events p on p.workspace_id = u.ws and p.event_id = u.event_id and p.kind = 'llm_call'
            join llm_calls c on c.workspace_id = p.workspace_id and c.conversation_id = p.conversation_id
                and c.started_at = p.started_at and c.event_id = p.event_id""";

    private static final String FILL_BODIES = """
            update llm_call_bodies b set
                messages = case when u.messages is null then b.messages when b.messages is null or b.messages = '[]' then u.messages
                    else (b.messages::jsonb || u.messages::jsonb)::text end,
                response_text = coalesce(b.response_text, u.response_text),
                thinking = coalesce(b.thinking, u.thinking),
                tool_calls = case when b.tool_calls is null or b.tool_calls = '[]' then u.tool_calls else b.tool_calls end,
                search_keys = case when u.search_keys is null then b.search_keys
                    else coalesce(b.search_keys, '{}'::int4[]) | u.search_keys::int4[] end
            from {unnest}
            where b.workspace_id = u.ws and b.call_id = u.call_id and b.started_at = u.started_at""";

    private static final String FILL_CALLS = """
            update llm_calls c set tool_calls = coalesce(c.tool_calls, u.tool_calls::jsonb),
                prompt_sha256 = coalesce(c.prompt_sha256, u.prompt_sha256)
            from {unnest}
            where c.workspace_id = u.ws and c.call_id = u.call_id and c.started_at = u.started_at""";

    private static final String WAIT = """
            insert into pending_contents ({columns})
            select * from {unnest}
            on conflict do nothing""";

    private CallContents() {
    }

    /** The batch without its content events, its calls with their content filled in. */
    static Uni<List<Event>> join(SqlConnection conn, List<Event> accepted, int shard) {
        List<CallContentEvent> contents = new ArrayList<>();
        Map<String, LlmCallEvent> calls = new HashMap<>();
        for (Event event : accepted) {
            if (event instanceof CallContentEvent content) {
                contents.add(content);
            } else if (event instanceof LlmCallEvent call && call.eventId().startsWith("otel-")) {
                calls.put(Values.key(call.workspaceId(), call.eventId()), call);
            }
        }
        if (contents.isEmpty() && calls.isEmpty()) {
            return Uni.createFrom().item(accepted);
        }
        TreeSet<String> locks = new TreeSet<>(calls.keySet());
        contents.forEach(content -> locks.add(Values.key(content.workspaceId(), content.contentOf())));
        Map<String, List<CallContentEvent>> forBatch = new HashMap<>();
        List<CallContentEvent> forOthers = new ArrayList<>();
        for (CallContentEvent content : contents) {
            String target = Values.key(content.workspaceId(), content.contentOf());
            if (calls.containsKey(target)) {
                forBatch.computeIfAbsent(target, k -> new ArrayList<>()).add(content);
            } else {
                forOthers.add(content);
            }
        }
        // Workspace ids hold no space, so "workspace call" names one call (the map keys' NUL is no text for PostgreSQL).
        String[] lockKeys = locks.stream().map(key -> key.replace('\u0000', ' ')).toArray(String[]::new);
        return conn.preparedQuery(LOCK).execute(Tuple.of(lockKeys))
                .chain(() -> takePending(conn, calls.values(), forBatch))
                .chain(() -> fillStoredOrWait(conn, forOthers, shard))
                .map(ignored -> merged(accepted, forBatch));
    }

    private static Uni<Void> takePending(SqlConnection conn, java.util.Collection<LlmCallEvent> calls,
                                         Map<String, List<CallContentEvent>> forBatch) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SqlArrays<Event> keys = new SqlArrays<>(new ArrayList<Event>(calls)).text("ws", Event::workspaceId).text("call_event_id", Event::eventId);
        return conn.preparedQuery(keys.sql(TAKE_PENDING, "u")).execute(keys.tuple()).invoke(rows -> {
            for (Row row : rows) {
                CallContentEvent content = read(row.getString("content"));
                forBatch.computeIfAbsent(Values.key(content.workspaceId(), content.contentOf()), k -> new ArrayList<>()).add(content);
            }
        }).replaceWithVoid();
    }

    private static List<Event> merged(List<Event> accepted, Map<String, List<CallContentEvent>> forBatch) {
        List<Event> events = new ArrayList<>(accepted.size());
        for (Event event : accepted) {
            if (event instanceof CallContentEvent) {
                continue;
            }
            List<CallContentEvent> pieces = event instanceof LlmCallEvent ? forBatch.get(Values.key(event.workspaceId(), event.eventId())) : null;
            events.add(pieces == null ? event : ContentMerge.into((LlmCallEvent) event, pieces));
        }
        return events;
    }

    /** Content whose call is stored fills it in; the rest waits for its call. */
    private static Uni<Void> fillStoredOrWait(SqlConnection conn, List<CallContentEvent> contents, int shard) {
        if (contents.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SqlArrays<CallContentEvent> targets = new SqlArrays<>(contents).text("ws", Event::workspaceId).text("event_id", CallContentEvent::contentOf);
        return conn.preparedQuery(targets.sql(FIND_STORED, "u")).execute(targets.tuple()).chain(rows -> {
            Map<String, Row> stored = new HashMap<>();
            for (Row row : rows) {
                stored.put(Values.key(row.getString("workspace_id"), row.getString("event_id")), row);
            }
            Map<String, List<CallContentEvent>> fills = new TreeMap<>();
            List<CallContentEvent> waiting = new ArrayList<>();
            for (CallContentEvent content : contents) {
                String target = Values.key(content.workspaceId(), content.contentOf());
                if (stored.containsKey(target)) {
                    fills.computeIfAbsent(target, k -> new ArrayList<>()).add(content);
                } else {
                    waiting.add(content);
                }
            }
            return Uni.join().all(fill(conn, fills, stored, shard), waitFor(conn, waiting)).andFailFast().replaceWithVoid();
        });
    }

    private static Uni<Void> fill(SqlConnection conn, Map<String, List<CallContentEvent>> fills, Map<String, Row> stored, int shard) {
        if (fills.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Row> rows = new ArrayList<>();
        List<ContentMerge.Piece> pieces = new ArrayList<>();
        Map<String, Prompts.Use> prompts = new TreeMap<>();
        Map<ContentMerge.Piece, String> promptHashes = new IdentityHashMap<>();
        fills.forEach((target, contents) -> {
            Row row = stored.get(target);
            ContentMerge.Piece piece = ContentMerge.combine(contents);
            rows.add(row);
            pieces.add(piece);
            if (piece.systemPrompt() != null && row.getString("prompt_sha256") == null) {
                String sha = Hashing.sha256Hex(piece.systemPrompt());
                promptHashes.put(piece, sha);
                java.time.Instant at = row.getOffsetDateTime("started_at").toInstant();
                prompts.merge(Values.key(row.getString("workspace_id"), sha),
                        new Prompts.Use(row.getString("workspace_id"), sha, piece.systemPrompt(), at, at, 1), Prompts.Use::merge);
            }
        });
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            index.add(i);
        }
        SqlArrays<Integer> bodies = new SqlArrays<>(index).text("ws", i -> rows.get(i).getString("workspace_id"))
                .text("call_id", i -> rows.get(i).getString("call_id"))
                .time("started_at", i -> rows.get(i).getOffsetDateTime("started_at").toInstant())
                .text("messages", i -> pieces.get(i).messages() == null ? null : Values.json(pieces.get(i).messages()))
                .text("response_text", i -> pieces.get(i).response().text()).text("thinking", i -> pieces.get(i).response().thinking())
                .text("tool_calls", i -> pieces.get(i).response().toolCalls().isEmpty() ? null : Values.json(pieces.get(i).response().toolCalls()))
                .text("search_keys", i -> SearchKeys.content(pieces.get(i)));
        SqlArrays<Integer> hot = new SqlArrays<>(index).text("ws", i -> rows.get(i).getString("workspace_id"))
                .text("call_id", i -> rows.get(i).getString("call_id"))
                .time("started_at", i -> rows.get(i).getOffsetDateTime("started_at").toInstant())
                .text("tool_calls", i -> ContentMerge.toolCallSummary(pieces.get(i).response()))
                .text("prompt_sha256", i -> promptHashes.get(pieces.get(i)));
        return Uni.join().all(conn.preparedQuery(bodies.sql(FILL_BODIES, "u")).execute(bodies.tuple()).replaceWithVoid(),
                        conn.preparedQuery(hot.sql(FILL_CALLS, "u")).execute(hot.tuple()).replaceWithVoid(),
                        Prompts.upsert(conn, prompts, shard).replaceWithVoid())
                .andFailFast().replaceWithVoid();
    }

    private static Uni<Void> waitFor(SqlConnection conn, List<CallContentEvent> waiting) {
        if (waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SqlArrays<CallContentEvent> rows = new SqlArrays<>(waiting).text("workspace_id", Event::workspaceId).text("event_id", Event::eventId)
                .text("call_event_id", CallContentEvent::contentOf).text("content", Values::json);
        return conn.preparedQuery(rows.sql(WAIT, "u")).execute(rows.tuple()).replaceWithVoid();
    }

    private static CallContentEvent read(String json) {
        try {
            return (CallContentEvent) Json.CANONICAL.readValue(json, Event.class);
        } catch (IOException | ClassCastException e) {
            throw new PoisonEventException("pending content that is not content", e);
        }
    }
}
