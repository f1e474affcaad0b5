package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The assistants seen in each workspace, named by the latest event (by startedAt, then eventId) that gave a name. */
final class AssistantNames {
    private static final String UPSERT_ASSISTANTS = """
            insert into assistants as a ({columns})
            select * from {unnest}
            on conflict (workspace_id, assistant_id) do update set
                name = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name else a.name end,
                name_event_id = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name_event_id else a.name_event_id end,
                name_at = case when excluded.name_at is not null and (a.name_at is null
                    or (excluded.name_at, excluded.name_event_id) > (a.name_at, a.name_event_id)) then excluded.name_at else a.name_at end""";

    /** Every assistant seen has to exist: DO NOTHING takes no lock on a known one. */
    private static final String INSERT_SEEN = """
            insert into assistants ({columns})
            select * from {unnest}
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
            SqlArrays<Name> rows = new SqlArrays<>(seen).text("workspace_id", Name::workspaceId).text("assistant_id", Name::assistantId);
            statements.add(conn.preparedQuery(rows.sql(INSERT_SEEN, "u")).execute(rows.tuple()).replaceWithVoid());
        }
        if (!named.isEmpty()) {
            SqlArrays<Name> rows = new SqlArrays<>(named).text("workspace_id", Name::workspaceId).text("assistant_id", Name::assistantId)
                    .text("name", Name::name).time("name_at", Name::at).text("name_event_id", Name::eventId);
            statements.add(conn.preparedQuery(rows.sql(UPSERT_ASSISTANTS, "u")).execute(rows.tuple()).replaceWithVoid());
        }
        return statements.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(statements).andFailFast().replaceWithVoid();
    }
}
