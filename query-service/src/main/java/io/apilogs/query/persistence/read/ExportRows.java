package io.apilogs.query.persistence.read;

import io.apilogs.query.view.CallRow;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.ItemRows;
import io.vertx.mutiny.sqlclient.Row;

/** Rows of an export as the list's own views, so an export has exactly the list's fields. */
public final class ExportRows {
    private ExportRows() {
    }

    public static ConversationView conversation(Row row) {
        return ActivityReads.row(row);
    }

    public static ItemRows.ToolRow tool(Row row) {
        ItemRows.ToolRow t = ItemListReads.tool(row);
        String labels = row.getString("labels");
        return labels == null ? t : new ItemRows.ToolRow(t.id(), t.conversationId(), t.subject(), t.assistant(), t.callId(), t.toolCallId(),
                t.toolName(), t.startedAt(), t.durationMs(), t.error(), Rows.parse(labels));
    }

    public static ItemRows.HttpRow http(Row row) {
        ItemRows.HttpRow h = ItemListReads.http(row);
        String labels = row.getString("labels");
        return labels == null ? h : new ItemRows.HttpRow(h.id(), h.conversationId(), h.subject(), h.assistant(), h.toolCallId(), h.plugin(),
                h.method(), h.url(), h.statusCode(), h.startedAt(), h.durationMs(), h.requestBodyBytes(), h.responseBodyBytes(), h.error(),
                Rows.parse(labels));
    }

    /** A call's row; its labels parsed (an export row is read once, and its CSV needs the labels' parts). */
    public static CallRow call(Row row) {
        CallRow call = CallListReads.row(row);
        String labels = row.getString("labels");
        return labels == null ? call : new CallRow(call.callId(), call.eventId(), call.conversationId(), call.subject(), call.assistant(),
                call.provider(), call.model(), call.startedAt(), call.durationMs(), call.tokens(), call.costUsd(), call.stopReason(),
                call.error(), call.toolCalls(), Rows.parse(labels));
    }
}
