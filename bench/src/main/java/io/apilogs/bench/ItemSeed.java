package io.apilogs.bench;

import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The seeder's single items for issue 25's explorers: after one in three calls that asked for a tool, its execution
 * (one in a hundred of the rare {@link #RARE_TOOL}, one in forty failed), and for half of those the tool's HTTP request
 * (one in twenty-five answered 429 or 503). They carry their conversation's user, tags and metadata, and the filter
 * values the writer would give them ({@code ItemValues}). Their own random stream leaves the seeded calls as they were.
 */
final class ItemSeed {
    static final List<String> TOOLS = List.of("fetch_order", "search_docs", "send_email", "create_ticket", "lookup_user", "get_weather", "run_sql");
    static final String RARE_TOOL = "refund_payment";

    private final String workspaceId;
    private final CopyStream tools;
    private final CopyStream http;
    private final CopyStream processed;
    private final SplittableRandom random;
    private final TreeSet<String> toolNames = new TreeSet<>();
    private int items;
    private int toolCount;
    private int httpCount;
    private int errors;

    ItemSeed(String workspaceId, CopyStream tools, CopyStream http, CopyStream processed, long seed) {
        this.workspaceId = workspaceId;
        this.tools = tools;
        this.http = http;
        this.processed = processed;
        this.random = new SplittableRandom(seed);
    }

    /** A new conversation: no tools called yet, no items after its calls. */
    void startConversation() {
        toolNames.clear();
        items = 0;
        toolCount = 0;
        httpCount = 0;
        errors = 0;
    }

    /** The conversation's tool executions, HTTP requests and failed ones among them, as its roll-up counts them. */
    int toolCount() {
        return toolCount;
    }

    int httpCount() {
        return httpCount;
    }

    int errors() {
        return errors;
    }

    /** The tools this conversation's items ran, as a PostgreSQL array. */
    String toolsArray() {
        return "{" + String.join(",", toolNames) + "}";
    }

    /** How many items this conversation has so far, numbered after its {@code calls} calls. */
    int items() {
        return items;
    }

    /**
     * Maybe a tool execution (and its HTTP request) for call {@code callId}, which ended at {@code callEnd} and asked
     * for a tool; it runs before {@code nextStart}. Returns the filter values it added to its conversation.
     */
    List<String> afterCall(String conversationId, String assistant, String callId, int calls, long callEnd, long nextStart,
                           String labels, String values) throws SQLException {
        if (random.nextInt(3) != 0) {
            return List.of();
        }
        String tool = random.nextInt(100) == 0 ? RARE_TOOL : TOOLS.get(random.nextInt(TOOLS.size()));
        toolNames.add(tool);
        long start = callEnd + 5;
        long duration = 10 + random.nextInt((int) Math.max(1, Math.min(4000, nextStart - start - 20)));
        boolean failed = random.nextInt(40) == 0;
        toolCount++;
        errors += failed ? 1 : 0;
        String toolValues = values + (failed ? ",e:tool_error" : "");
        String eventId = callId + "-tool";
        row(tools, eventId, conversationId, calls + ++items, assistant, start, duration)
                .append(callId).append("-use\t").append(callId).append('\t').append(tool).append('\t')
                .append(failed ? "{\"type\":\"tool_error\",\"message\":\"Timed out\"}" : "\\N").append('\t').append(labels)
                .append("\t{").append(toolValues).append('}');
        tools.endRow();
        processed(eventId, "tool_execution", conversationId, start);
        List<String> added = failed ? List.of("e:tool_error") : List.of();
        if (random.nextInt(2) == 0) {
            int status = random.nextInt(25) == 0 ? (random.nextInt(2) == 0 ? 429 : 503) : 200;
            httpCount++;
            errors += status >= 400 ? 1 : 0;
            String httpId = callId + "-http";
            long httpStart = start + 2;
            row(http, httpId, conversationId, calls + ++items, assistant, httpStart, Math.max(1, (duration - 4) * (5 + random.nextInt(5)) / 10))
                    .append(random.nextInt(3) == 0 ? "axios" : "fetch").append('\t').append(callId).append("-use\t")
                    .append(random.nextInt(4) == 0 ? "POST" : "GET").append("\thttps://api.example.com/v2/").append(tool.replace('_', '/'))
                    .append('/').append(random.nextInt(100_000)).append('\t').append(status).append("\t\\N\t")
                    .append(random.nextInt(2048)).append('\t').append(64 + random.nextInt(16_384)).append('\t').append(labels)
                    .append("\t{").append(values).append(",h:").append(status).append('}');
            http.endRow();
            processed(httpId, "http_request", conversationId, httpStart);
            added = failed ? List.of("e:tool_error", "h:" + status) : List.of("h:" + status);
        }
        return added;
    }

    private StringBuilder row(CopyStream copy, String eventId, String conversationId, int seq, String assistant, long start, long duration) {
        return copy.row().append(workspaceId).append('\t').append(eventId).append('\t').append(conversationId).append('\t').append(seq)
                .append('\t').append(assistant).append('\t').append(Seeder.timestamp(start)).append('\t').append(duration).append('\t');
    }

    private void processed(String eventId, String kind, String conversationId, long start) throws SQLException {
        processed.row().append(workspaceId).append('\t').append(eventId).append('\t').append(kind).append('\t').append(conversationId)
                .append('\t').append(Seeder.timestamp(start));
        processed.endRow();
    }
}
