package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.persistence.read.CallListReads;
import io.apilogs.query.view.CallPage;
import io.apilogs.query.view.CallSummary;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The explorer of single calls (issue 25): sort and cursor checks, and the signed cursor of the next page. */
@ApplicationScoped
public class CallQueries {
    private final CallListReads calls;
    private final Cursors cursors;

    public CallQueries(CallListReads calls, Cursors cursors) {
        this.calls = calls;
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
        JsonNode position = cursors.decode(cursor);
        ActivityReads.Position after = null;
        if (position != null) {
            if (!"calls".equals(position.path("e").asText()) || !sort.wire.equals(position.path("s").asText())
                    || descending != position.path("d").asBoolean()) {
                throw new InvalidInput("cursor", "was made for another list, sort or order");
            }
            JsonNode value = position.get("v");
            after = new ActivityReads.Position(value == null || value.isNull() ? null : value.asText(), position.path("id").asText());
        }
        return calls.list(workspaceId, filter, sort, descending, limit, after).map(slice -> {
            String next = null;
            if (slice.next() != null) {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("e", "calls");
                body.put("s", sort.wire);
                body.put("d", descending);
                body.put("id", slice.next().id());
                body.put("v", slice.next().value());
                next = cursors.encode(body);
            }
            return new CallPage(slice.items(), next);
        });
    }

    public Uni<CallSummary> summary(String workspaceId, ActivityFilter filter) {
        return calls.summary(workspaceId, filter);
    }
}
