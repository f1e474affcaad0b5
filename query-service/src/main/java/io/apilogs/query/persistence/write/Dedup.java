package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exactly-once under at-least-once delivery: {@code processed_events} admits each eventId once per workspace, and
 * {@code call_keys} each callId once. One statement does both, so a batch pays one round trip for its dedup.
 */
final class Dedup {
    /** What the batch holds that is new: the first copy of each new event; calls whose callId another event owns. */
    record Result(List<Event> accepted, List<WriteOutcome.Rejected> rejected, int duplicates) {
    }

    private static final String CLAIM = """
            with fresh as (
                insert into processed_events (workspace_id, event_id, kind, conversation_id, started_at)
                select e.ws, e.event_id, e.kind, e.conv, e.started_at from {events}
                on conflict do nothing
                returning workspace_id, event_id
            ), claimed as (
                insert into call_keys (workspace_id, call_id, event_id, conversation_id, started_at)
                select c.ws, c.call_id, c.event_id, c.conv, c.started_at
                from {calls}
                join fresh f on f.workspace_id = c.ws and f.event_id = c.event_id
                order by c.n
                on conflict do nothing
                returning workspace_id, event_id
            )
            select true as fresh, workspace_id, event_id from fresh
            union all
            select false, workspace_id, event_id from claimed""";

    private static final String RELEASE = """
            delete from processed_events p using {unnest}
            where p.workspace_id = r.ws and p.event_id = r.event_id""";

    private Dedup() {
    }

    static Uni<Result> claim(SqlConnection conn, List<Event> events) {
        // Only the first copy of an eventId claims a callId: a second copy (a producer bug) may carry another callId.
        List<LlmCallEvent> calls = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Event event : events) {
            if (event instanceof LlmCallEvent call && seen.add(Values.key(call.workspaceId(), call.eventId()))) {
                calls.add(call);
            }
        }
        SqlArrays<Event> processed = new SqlArrays<>(events).text("ws", Event::workspaceId).text("event_id", Event::eventId)
                .text("kind", e -> e.type().wireName()).text("conv", e -> e.conversation().id()).time("started_at", Event::startedAt);
        SqlArrays<LlmCallEvent> keys = new SqlArrays<>(calls).text("ws", LlmCallEvent::workspaceId).text("call_id", LlmCallEvent::callId)
                .text("event_id", LlmCallEvent::eventId).text("conv", c -> c.conversation().id()).time("started_at", LlmCallEvent::startedAt);
        String sql = CLAIM.replace("{events}", processed.unnest("e", 1))
                .replace("{calls}", keys.unnestWithOrdinality("c", processed.size() + 1, "n"));
        if (sql.contains("{")) {
            throw new IllegalStateException("a place in the dedup statement was left unfilled: " + sql);
        }
        return conn.preparedQuery(sql).execute(keys.appendTo(processed.tuple())).map(rows -> {
            Set<String> fresh = new HashSet<>();
            Set<String> claimed = new HashSet<>();
            for (Row row : rows) {
                String key = Values.key(row.getString("workspace_id"), row.getString("event_id"));
                (row.getBoolean("fresh") ? fresh : claimed).add(key);
            }
            return sort(events, fresh, claimed);
        });
    }

    /** Keeps the first copy of each fresh event; a fresh call whose callId was not claimed by it is rejected. */
    static Result sort(List<Event> events, Set<String> fresh, Set<String> claimed) {
        List<Event> accepted = new ArrayList<>();
        List<WriteOutcome.Rejected> rejected = new ArrayList<>();
        int duplicates = 0;
        for (Event event : events) {
            String key = Values.key(event.workspaceId(), event.eventId());
            if (!fresh.remove(key)) {
                duplicates++;
            } else if (event instanceof LlmCallEvent call && !claimed.contains(key)) {
                rejected.add(new WriteOutcome.Rejected(event, "callId " + call.callId() + " is already stored under another eventId"));
            } else {
                accepted.add(event);
            }
        }
        return new Result(accepted, rejected, duplicates);
    }

    /**
     * Rejected events are not kept as processed: the dead letter is sent after the commit, so should the writer die
     * before the dead-letter topic acknowledges it, the redelivered event is rejected and dead-lettered again.
     */
    static Uni<Void> release(SqlConnection conn, List<WriteOutcome.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SqlArrays<WriteOutcome.Rejected> released = new SqlArrays<>(rejected).text("ws", r -> r.event().workspaceId())
                .text("event_id", r -> r.event().eventId());
        return conn.preparedQuery(released.sql(RELEASE, "r")).execute(released.tuple()).replaceWithVoid();
    }
}
