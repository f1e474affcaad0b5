package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.persistence.read.CallListReads;
import io.apilogs.query.persistence.read.ItemListReads;
import io.apilogs.query.persistence.read.Keyset;
import io.apilogs.query.view.ItemRows;
import io.apilogs.query.view.CallPage;
import io.apilogs.query.view.CallSummary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The explorers of single calls, tool executions and tools' HTTP requests (issue 25): sort and cursor checks, and the
 * signed cursor of the next page. A cursor is good only for the list, sort and order it was made for.
 */
@ApplicationScoped
public class ExplorerQueries {
    private final CallListReads calls;
    private final ItemListReads items;
    private final Cursors cursors;

    public ExplorerQueries(CallListReads calls, ItemListReads items, Cursors cursors) {
        this.calls = calls;
        this.items = items;
        this.cursors = cursors;
    }

    public static CallListReads.Sort parseSort(String value) {
        if (value == null || value.isEmpty()) {
            return CallListReads.Sort.TIME;
        }
        CallListReads.Sort sort = CallListReads.Sort.fromWire(value);
        if (sort == null) {
            throw new InvalidInput("sort", "must be time, cost, duration or tokens");
        }
        return sort;
    }

    public Uni<CallPage> list(String workspaceId, ActivityFilter filter, CallListReads.Sort sort, boolean descending, int limit,
                              String cursor) {
        ActivityReads.Position after = after("calls", sort.wire, descending, cursor);
        return calls.list(workspaceId, filter, sort, descending, limit, after)
                .map(slice -> new CallPage(slice.items(), next("calls", sort.wire, descending, slice.next())));
    }

    public Uni<ItemRows.ToolPage> tools(String workspaceId, ActivityFilter filter, String sort, boolean descending, int limit, String cursor) {
        Keyset.Key key = ItemListReads.sort("t", sort);
        ActivityReads.Position after = after("tool-executions", key.wire(), descending, cursor);
        return items.tools(workspaceId, filter, key, descending, limit, after)
                .map(page -> new ItemRows.ToolPage(page.items(), next("tool-executions", key.wire(), descending, page.next())));
    }

    public Uni<ItemRows.HttpPage> http(String workspaceId, ActivityFilter filter, String sort, boolean descending, int limit, String cursor) {
        Keyset.Key key = ItemListReads.sort("h", sort);
        ActivityReads.Position after = after("http-requests", key.wire(), descending, cursor);
        return items.http(workspaceId, filter, key, descending, limit, after)
                .map(page -> new ItemRows.HttpPage(page.items(), next("http-requests", key.wire(), descending, page.next())));
    }

    private ActivityReads.Position after(String list, String sort, boolean descending, String cursor) {
        JsonNode position = cursors.decode(cursor);
        if (position == null) {
            return null;
        }
        if (!list.equals(position.path("e").asText()) || !sort.equals(position.path("s").asText())
                || descending != position.path("d").asBoolean()) {
            throw new InvalidInput("cursor", "was made for another list, sort or order");
        }
        JsonNode value = position.get("v");
        return new ActivityReads.Position(value == null || value.isNull() ? null : value.asText(), position.path("id").asText());
    }

    private String next(String list, String sort, boolean descending, ActivityReads.Position next) {
        if (next == null) {
            return null;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("e", list);
        body.put("s", sort);
        body.put("d", descending);
        body.put("id", next.id());
        body.put("v", next.value());
        return cursors.encode(body);
    }

    public Uni<CallSummary> summary(String workspaceId, ActivityFilter filter) {
        return calls.summary(workspaceId, filter);
    }
}
