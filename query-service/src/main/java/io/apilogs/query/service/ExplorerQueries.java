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
    /** The cursor's sort name for search pages: a cursor of a sorted list is no good for a search, and the reverse. */
    static final String SEARCH = "search";

    private final CallListReads calls;
    private final ItemListReads items;
    private final Cursors cursors;

    public ExplorerQueries(CallListReads calls, ItemListReads items, Cursors cursors) {
        this.calls = calls;
        this.items = items;
        this.cursors = cursors;
    }

    /**
     * A content search (issue 26) lists newest first: its pages come from the index month by month, newest first, so
     * another sort or order is a 400 rather than a page sorted otherwise than it says.
     */
    private static void searchable(String sort, boolean descending) {
        if (!"time".equals(sort)) {
            throw new InvalidInput("sort", "must be time (the default) with q: search results come newest first");
        }
        if (!descending) {
            throw new InvalidInput("order", "must be desc (the default) with q: search results come newest first");
        }
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
        if (filter.search() != null) {
            searchable(sort.wire, descending);
            ActivityReads.Position from = cursors.after(cursor, "calls", SEARCH, true);
            return calls.search(workspaceId, filter, limit, from)
                    .map(page -> new CallPage(page.items(), cursors.next("calls", SEARCH, true, page.next()), page.progress()));
        }
        ActivityReads.Position after = cursors.after(cursor, "calls", sort.wire, descending);
        return calls.list(workspaceId, filter, sort, descending, limit, after)
                .map(slice -> new CallPage(slice.items(), cursors.next("calls", sort.wire, descending, slice.next())));
    }

    public Uni<ItemRows.ToolPage> tools(String workspaceId, ActivityFilter filter, String sort, boolean descending, int limit, String cursor) {
        Keyset.Key key = ItemListReads.sort("t", sort);
        if (filter.search() != null) {
            searchable(key.wire(), descending);
            ActivityReads.Position from = cursors.after(cursor, "tool-executions", SEARCH, true);
            return items.searchTools(workspaceId, filter, limit, from).map(page -> new ItemRows.ToolPage(page.items(),
                    cursors.next("tool-executions", SEARCH, true, page.next()), page.progress()));
        }
        ActivityReads.Position after = cursors.after(cursor, "tool-executions", key.wire(), descending);
        return items.tools(workspaceId, filter, key, descending, limit, after)
                .map(page -> new ItemRows.ToolPage(page.items(), cursors.next("tool-executions", key.wire(), descending, page.next())));
    }

    public Uni<ItemRows.HttpPage> http(String workspaceId, ActivityFilter filter, String sort, boolean descending, int limit, String cursor) {
        Keyset.Key key = ItemListReads.sort("h", sort);
        if (filter.search() != null) {
            searchable(key.wire(), descending);
            ActivityReads.Position from = cursors.after(cursor, "http-requests", SEARCH, true);
            return items.searchHttp(workspaceId, filter, limit, from).map(page -> new ItemRows.HttpPage(page.items(),
                    cursors.next("http-requests", SEARCH, true, page.next()), page.progress()));
        }
        ActivityReads.Position after = cursors.after(cursor, "http-requests", key.wire(), descending);
        return items.http(workspaceId, filter, key, descending, limit, after)
                .map(page -> new ItemRows.HttpPage(page.items(), cursors.next("http-requests", key.wire(), descending, page.next())));
    }

    public Uni<CallSummary> summary(String workspaceId, ActivityFilter filter) {
        return calls.summary(workspaceId, filter);
    }
}
