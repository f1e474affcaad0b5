package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The assistants seen in each workspace, named by the latest event (by startedAt, then eventId) that gave a name. */
final class AssistantNames {
    private static final String UPSERT_ASSISTANTS = """
            insert into assistants as a (workspace_id, assistant_id, name, name_at, name_event_id)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
            on conflict (workspace_id, assistant_id) do update set
                name = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name else a.name end,
                name_event_id = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name_event_id else a.name_event_id end,
                name_at = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name_at else a.name_at end""";

    /** Every assistant seen has to exist: DO NOTHING takes no lock on a known one. */
    private static final String INSERT_SEEN = """
            insert into assistants (workspace_id, assistant_id)
            select * from unnest($1::text[], $2::text[])
            on conflict (workspace_id, assistant_id) do nothing""";

    record Name(String workspaceId, String assistantId, String name, Instant at, String eventId) {
        /** The later of two names; an event without a name never replaces one. */
        Name merge(Name other) {
            if (other.at == null) {
                return this;
            }
            if (at == null) {
                return other;
            }
            int byTime = other.at.compareTo(at);
            return byTime > 0 || (byTime == 0 && other.eventId.compareTo(eventId) > 0) ? other : this;
        }
    }

    private AssistantNames() {
    }

    /** One row per workspace and assistant, in key order so concurrent writers lock assistant rows in one order. */
    static Map<String, Name> names(List<Event> events) {
        Map<String, Name> names = new TreeMap<>();
        for (Event event : events) {
            String name = event.assistant().name();
            boolean named = name != null && !name.isBlank();
            Name candidate = new Name(event.workspaceId(), event.assistant().id(),
                    named ? name : null, named ? event.startedAt() : null, named ? event.eventId() : null);
            names.merge(Values.key(event.workspaceId(), event.assistant().id()), candidate, Name::merge);
        }
        return names;
    }

    /**
     * Every assistant of the batch is inserted when new, without locking a known one; then names take the row lock of
     * an update (the latest name wins). So batches of unnamed events never queue for the same assistant rows. Both
     * statements go in key order, so two writers meet each assistant in the same order and cannot deadlock.
     */
    static Uni<Void> upsert(SqlConnection conn, List<Event> events) {
        List<Name> seen = new ArrayList<>(names(events).values());
        List<Name> named = seen.stream().filter(name -> name.at() != null).toList();
        List<Uni<Void>> statements = new ArrayList<>();
        if (!seen.isEmpty()) {
            Tuple tuple = new SqlArrays<>(seen).text(Name::workspaceId).text(Name::assistantId).tuple();
            statements.add(conn.preparedQuery(INSERT_SEEN).execute(tuple).replaceWithVoid());
        }
        if (!named.isEmpty()) {
            Tuple tuple = new SqlArrays<>(named)
                    .text(Name::workspaceId).text(Name::assistantId).text(Name::name).time(Name::at).text(Name::eventId).tuple();
            statements.add(conn.preparedQuery(UPSERT_ASSISTANTS).execute(tuple).replaceWithVoid());
        }
        return statements.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(statements).andFailFast().replaceWithVoid();
    }
}
