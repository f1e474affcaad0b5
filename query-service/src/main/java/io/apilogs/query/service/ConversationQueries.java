package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.persistence.read.TimelineReads;
import io.apilogs.query.view.ConversationPage;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.TimelinePage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The activity log, one conversation, and its timeline, as API.md pages them: parameters checked, and keyset
 * positions carried in signed opaque cursors ({@link Cursors}), each valid only for the sort and order it was made for.
 */
@ApplicationScoped
public class ConversationQueries {
    private final ActivityReads activity;
    private final TimelineReads timeline;
    private final Cursors cursors;

    public ConversationQueries(ActivityReads activity, TimelineReads timeline, Cursors cursors) {
        this.activity = activity;
        this.timeline = timeline;
        this.cursors = cursors;
    }

    public static ActivityReads.Sort parseSort(String value) {
        if (value == null || value.isEmpty()) {
            return ActivityReads.Sort.LAST_ACTIVITY;
        }
        ActivityReads.Sort sort = ActivityReads.Sort.fromWire(value);
        if (sort == null) {
            throw new InvalidInput("sort", "must be one of lastActivity, cost, tokens, calls");
        }
        return sort;
    }

    public static boolean parseDescending(String order) {
        if (order == null || order.isEmpty() || order.equals("desc")) {
            return true;
        }
        if (order.equals("asc")) {
            return false;
        }
        throw new InvalidInput("order", "must be asc or desc");
    }

    public static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 50;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 200) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInput("limit", "must be an integer from 1 to 200");
    }

    public Uni<ConversationPage> list(String workspaceId, ActivityFilter filter, ActivityReads.Sort sort, boolean descending, int limit,
                                      String cursor) {
        ActivityReads.Position after = cursors.after(cursor, null, sort.wire, descending);
        if (filter.search() != null) {
            return activity.search(workspaceId, filter, sort, descending, limit, after)
                    .map(page -> new ConversationPage(page.items(), cursors.next(null, sort.wire, descending, page.next()), page.progress()));
        }
        return activity.list(workspaceId, filter, sort, descending, limit, after)
                .map(slice -> new ConversationPage(slice.items(), cursors.next(null, sort.wire, descending, slice.next())));
    }

    /** Every match of a search in one conversation (issue 26); null when the conversation does not exist in the workspace. */
    public Uni<io.apilogs.query.view.ConversationView.Matches> matches(String workspaceId, String conversationId,
                                                                     io.apilogs.query.search.SearchQuery query) {
        if (query == null) {
            // Nothing to find (no q): no match, once the conversation is known to be there.
            return activity.one(workspaceId, conversationId)
                    .map(view -> view == null ? null : new io.apilogs.query.view.ConversationView.Matches(java.util.List.of(), false));
        }
        return activity.matchesWithin(workspaceId, query, conversationId, 1_000, 2_000);
    }

    /** Null when the conversation does not exist in the workspace. */
    public Uni<ConversationView> one(String workspaceId, String conversationId) {
        return activity.one(workspaceId, conversationId);
    }

    /**
     * A page of the timeline; null when the conversation does not exist in the workspace. {@code item}: "kind:id" of an
     * item whose page a first page names (itemPage), or null.
     */
    public Uni<TimelinePage> timeline(String workspaceId, String conversationId, int limit, String cursor, String item) {
        TimelineReads.ItemRef ref = parseItem(item);
        JsonNode position = cursors.decode(cursor);
        TimelineReads.Position after = position == null ? null
                : new TimelineReads.Position(position.path("t").asText(), position.path("q").asLong());
        if (after != null) {
            try {
                java.time.OffsetDateTime.parse(after.startedAt());
            } catch (RuntimeException e) {
                throw new InvalidInput("cursor", "is not a cursor made by this service");
            }
        }
        return timeline.page(workspaceId, conversationId, limit, after, ref).map(slice -> {
            if (slice == null) {
                return null;
            }
            java.util.List<String> pages = new java.util.ArrayList<>();
            slice.strides().forEach(stride -> pages.add(cursor(stride)));
            return new TimelinePage(slice.items(), slice.next() == null ? null : cursor(slice.next()), slice.lastSeq(),
                    pages.isEmpty() ? null : pages, slice.itemPage());
        });
    }

    static TimelineReads.ItemRef parseItem(String item) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        int colon = item.indexOf(':');
        TimelineReads.ItemRef ref = colon < 0 ? null : new TimelineReads.ItemRef(item.substring(0, colon), item.substring(colon + 1));
        if (ref == null || ref.id().isEmpty() || ref.tableAndColumn() == null) {
            throw new InvalidInput("item", "must be <kind>:<id>, kind one of llm_call, tool_execution, http_request");
        }
        return ref;
    }

    private String cursor(TimelineReads.Position position) {
        ObjectNode cursorBody = JsonNodeFactory.instance.objectNode();
        cursorBody.put("t", position.startedAt());
        cursorBody.put("q", position.seq());
        return cursors.encode(cursorBody);
    }
}
