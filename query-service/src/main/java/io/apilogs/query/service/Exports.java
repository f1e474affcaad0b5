package io.apilogs.query.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.apilogs.model.Json;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ExportReads;
import io.apilogs.query.persistence.read.ExportRows;
import io.apilogs.query.view.CallRow;
import io.apilogs.query.view.ConversationView;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exports of issue 25, item 4: a filtered list as CSV or JSON Lines, streamed from {@link ExportReads}' cursor in
 * chunks of rows, so memory stays flat whatever the size. At most {@link #MAX_RUNNING} exports run at once in a
 * replica (each holds a database connection for its duration); past that the caller is asked to retry.
 */
@ApplicationScoped
public class Exports {
    public static final int MAX_RUNNING = 2;
    /** Rows written per chunk without bodies; with bodies each row is its own chunk. */
    private static final int ROWS_PER_CHUNK = 100;

    public enum Format {
        CSV, JSONL;

        public static Format parse(String value) {
            if (value == null || value.isEmpty() || value.equals("jsonl")) {
                return JSONL;
            }
            if (value.equals("csv")) {
                return CSV;
            }
            throw new InvalidInput("format", "must be csv or jsonl");
        }
    }

    private final ExportReads reads;
    private final AtomicInteger running = new AtomicInteger();

    public Exports(ExportReads reads) {
        this.reads = reads;
    }

    /** A slot for one export, or false when {@link #MAX_RUNNING} are running; give it back with {@link #release}. */
    public boolean acquire() {
        if (running.incrementAndGet() > MAX_RUNNING) {
            running.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release() {
        running.decrementAndGet();
    }

    public static boolean bodies(String include, Format format) {
        if (include == null || include.isEmpty()) {
            return false;
        }
        if (!include.equals("bodies")) {
            throw new InvalidInput("include", "must be bodies");
        }
        if (format != Format.JSONL) {
            throw new InvalidInput("include", "bodies are exported in JSON Lines only (format=jsonl)");
        }
        return true;
    }

    public Multi<Buffer> conversations(String workspaceId, ActivityFilter filter, Format format) {
        Multi<String> lines = reads.conversations(workspaceId, filter).map(row -> format == Format.CSV
                ? Csv.line(ExportCells.conversation(ExportRows.conversation(row))) : json(ExportRows.conversation(row)));
        return chunks(format == Format.CSV ? Multi.createBy().concatenating().streams(Multi.createFrom().item(Csv.line(ExportCells.CONVERSATION_COLUMNS)),
                lines) : lines, ROWS_PER_CHUNK);
    }

    public Multi<Buffer> calls(String workspaceId, ActivityFilter filter, Format format, boolean bodies) {
        Multi<String> lines = reads.calls(workspaceId, filter, bodies).map(row -> format == Format.CSV
                ? Csv.line(ExportCells.call(ExportRows.call(row))) : bodies ? callWithBodies(row) : json(ExportRows.call(row)));
        return chunks(format == Format.CSV ? Multi.createBy().concatenating().streams(Multi.createFrom().item(Csv.line(ExportCells.CALL_COLUMNS)),
                lines) : lines, bodies ? 1 : ROWS_PER_CHUNK);
    }

    public Multi<Buffer> tools(String workspaceId, ActivityFilter filter, Format format, boolean bodies) {
        Multi<String> lines = reads.tools(workspaceId, filter, bodies).map(row -> format == Format.CSV ? Csv.line(ExportCells.tool(ExportRows.tool(row)))
                : json(withBodies(Json.CANONICAL.valueToTree(ExportRows.tool(row)), row, bodies, "input", "result")));
        return chunks(format == Format.CSV ? Multi.createBy().concatenating().streams(Multi.createFrom().item(Csv.line(ExportCells.TOOL_COLUMNS)),
                lines) : lines, bodies ? 1 : ROWS_PER_CHUNK);
    }

    public Multi<Buffer> http(String workspaceId, ActivityFilter filter, Format format, boolean bodies) {
        Multi<String> lines = reads.http(workspaceId, filter, bodies).map(row -> format == Format.CSV ? Csv.line(ExportCells.http(ExportRows.http(row)))
                : json(withBodies(Json.CANONICAL.valueToTree(ExportRows.http(row)), row, bodies, "request_headers", "response_headers",
                "request_body", "response_body")));
        return chunks(format == Format.CSV ? Multi.createBy().concatenating().streams(Multi.createFrom().item(Csv.line(ExportCells.HTTP_COLUMNS)),
                lines) : lines, bodies ? 1 : ROWS_PER_CHUNK);
    }

    /** The JSON columns named, as they are stored, under their camelCase names. */
    private static ObjectNode withBodies(ObjectNode line, Row row, boolean bodies, String... columns) {
        if (bodies) {
            for (String column : columns) {
                line.set(camel(column), raw(row.getString(column)));
            }
        }
        return line;
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Multi<Buffer> chunks(Multi<String> lines, int rows) {
        return lines.group().intoLists().of(rows).map(group -> {
            Buffer chunk = Buffer.buffer();
            group.forEach(chunk::appendString);
            return chunk;
        });
    }

    private static String json(Object value) {
        try {
            return Json.CANONICAL.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an export row could not be written as JSON", e);
        }
    }

    private static String callWithBodies(Row row) {
        ObjectNode line = Json.CANONICAL.valueToTree(ExportRows.call(row));
        line.put("systemPrompt", row.getString("system_prompt"));
        line.set("messages", raw(row.getString("messages")));
        ObjectNode response = line.putObject("response");
        response.put("text", row.getString("response_text"));
        response.put("thinking", row.getString("thinking"));
        response.set("toolCalls", raw(row.getString("tool_calls_full")));
        return json(line);
    }

    private static JsonNode raw(String json) {
        return json == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.rawValueNode(new RawValue(json));
    }
}
