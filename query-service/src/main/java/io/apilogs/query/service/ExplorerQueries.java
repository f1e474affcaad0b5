package io.apilogs.query.service;

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
        ActivityReads.Position after = cursors.after(cursor, "calls", sort.wire, descending);
        return calls.list(workspaceId, filter, sort, descending, limit, after)
                .map(slice -> new CallPage(slice.items(), cursors.next("calls", sort.wire, descending, slice.next())));
    }

    public Uni<ItemRows.ToolPage> tools(String workspaceId, ActivityFilter filter, String sort, boolean descending, int limit, String cursor) {
        Keyset.Key key = ItemListReads.sort("t", sort);
        ActivityReads.Position after = cursors.after(cursor, "tool-executions", key.wire(), descending);
        return items.tools(workspaceId, filter, key, descending, limit, after)
                .map(page -> new ItemRows.ToolPage(page.items(), cursors.next("tool-executions", key.wire(), descending, page.next())));
    }

    public Uni<ItemRows.HttpPage> http(String workspaceId, ActivityFilter filter, String sort, boolean descending, int limit, String cursor) {
        Keyset.Key key = ItemListReads.sort("h", sort);
        ActivityReads.Position after = cursors.after(cursor, "http-requests", key.wire(), descending);
        return items.http(workspaceId, filter, key, descending, limit, after)
                .map(page -> new ItemRows.HttpPage(page.items(), cursors.next("http-requests", key.wire(), descending, page.next())));
    }

    public Uni<CallSummary> summary(String workspaceId, ActivityFilter filter) {
        return calls.summary(workspaceId, filter);
    }
}
