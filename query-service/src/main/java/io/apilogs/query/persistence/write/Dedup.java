package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

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
                select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                on conflict do nothing
                returning workspace_id, event_id
            ), claimed as (
                insert into call_keys (workspace_id, call_id, event_id, conversation_id, started_at)
                select c.ws, c.call_id, c.event_id, c.conv, c.started_at
                from unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
                         with ordinality as c(ws, call_id, event_id, conv, started_at, n)
                join fresh f on f.workspace_id = c.ws and f.event_id = c.event_id
                order by c.n
                on conflict do nothing
                returning workspace_id, event_id
            )
            select true as fresh, workspace_id, event_id from fresh
            union all
            select false, workspace_id, event_id from claimed""";

    private static final String RELEASE = """
            delete from processed_events p using unnest($1::text[], $2::text[]) as r(ws, event_id)
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
        Tuple tuple = new SqlArrays<>(events).text(Event::workspaceId).text(Event::eventId)
                .text(e -> e.type().wireName()).text(e -> e.conversation().id()).time(Event::startedAt)
                .tuple();
        new SqlArrays<>(calls).text(LlmCallEvent::workspaceId).text(LlmCallEvent::callId).text(LlmCallEvent::eventId)
                .text(c -> c.conversation().id()).time(LlmCallEvent::startedAt)
                .appendTo(tuple);
        return conn.preparedQuery(CLAIM).execute(tuple).map(rows -> {
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
        Tuple tuple = new SqlArrays<>(rejected).text(r -> r.event().workspaceId()).text(r -> r.event().eventId()).tuple();
        return conn.preparedQuery(RELEASE).execute(tuple).replaceWithVoid();
    }
}
