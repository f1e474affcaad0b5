package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.persistence.read.TimelineReads;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * Live timelines ({@link TimelineFeeds}), the live activity log ({@link ActivityFeeds}) and the live explorers of calls,
 * tool executions and HTTP requests ({@link ItemFeeds}), with the bounded buffers
 * they share. Everything sent is read from the database after a change notification, so only committed rows are ever
 * sent.
 */
@ApplicationScoped
public class LiveFeeds {
    /** Items buffered per subscriber before a slow client is disconnected (it resumes with Last-Event-ID). */
    public static final int BUFFER = 1000;

    /** A timeline item or an activity row (a view), ready to be written as one SSE event; {@code bytes}: its estimated size. */
    public record Update(String event, String id, Object data, long bytes) {
        Update(String event, String id, Object data) {
            this(event, id, data, LiveBuffers.estimate(data));
        }
    }

    /** What one open timeline stream has been sent, for an operator asking why a client missed an item. */
    public record StreamView(String stream, String conversationId, Instant openedAt, long lastSentSeq, long sent) {
    }

    private final TimelineFeeds timelines;
    private final ActivityFeeds activities;
    private final ItemFeeds calls;
    private final ItemFeeds tools;
    private final ItemFeeds http;
    private final LiveMetrics metrics;
    private final LiveBuffers buffers;

    public LiveFeeds(TimelineReads timeline, ActivityReads rows, io.apilogs.query.persistence.read.CallListReads callRows,
                     io.apilogs.query.persistence.read.ItemListReads itemRows, LiveMetrics metrics, io.apilogs.query.config.QueryConfig config) {
        this.calls = new ItemFeeds(callRows::added, Kind.CALLS, "call", metrics);
        this.tools = new ItemFeeds(itemRows::toolsAdded, Kind.TOOLS, "tool_execution", metrics);
        this.http = new ItemFeeds(itemRows::httpAdded, Kind.HTTP, "http_request", metrics);
        this.buffers = new LiveBuffers(BUFFER, config.streams().bufferBytes(), config.streams().totalBufferBytes());
        this.metrics = metrics;
        this.timelines = new TimelineFeeds(timeline, metrics);
        this.activities = new ActivityFeeds(rows, metrics);
    }

    /**
     * Buffers up to {@link #BUFFER} updates and {@code APILOGS_STREAMS_BUFFER_BYTES} for a slow client (and
     * {@code APILOGS_STREAMS_TOTAL_BUFFER_BYTES} for all of them); past that the stream ends (and is counted).
     */
    private Multi<Update> buffered(java.util.function.Consumer<LiveBuffers.Buffer> install, Kind kind) {
        return buffers.bounded(install).onFailure(BackPressureFailure.class).invoke(e -> metrics.dropped(kind));
    }

    /** Bytes held for slow clients on this replica, all streams together. */
    public long bufferedBytes() {
        return buffers.totalHeld();
    }

    /**
     * Every committed item of the conversation with {@code seq > after}, then each new one as it commits. {@code stream}
     * names the stream in {@link #streams}.
     */
    public Multi<Update> timeline(String workspaceId, String conversationId, long after, String stream) {
        return buffered(buffer -> timelines.join(workspaceId, conversationId, after, stream, buffer), Kind.TIMELINE);
    }

    /** A name for a new timeline stream, unique on this replica; the stream's first line tells the client. */
    public String newStreamId() {
        return timelines.newStreamId();
    }

    /** This replica's open timeline streams of a workspace: what each has been sent so far. */
    public List<StreamView> streams(String workspaceId) {
        return timelines.streams(workspaceId);
    }

    /** Activity-log rows matching the filter, each time their conversation changes. No replay. */
    public Multi<Update> activity(String workspaceId, ActivityFilter filter) {
        return buffered(buffer -> activities.join(workspaceId, filter, buffer), Kind.ACTIVITY);
    }

    /** Calls of the explorer's filter as they are stored (issue 25). No replay. */
    public Multi<Update> calls(String workspaceId, ActivityFilter filter) {
        return buffered(buffer -> calls.join(workspaceId, filter, buffer), Kind.CALLS);
    }

    /** Tool executions of the explorer's filter as they are stored (issue 25). No replay. */
    public Multi<Update> tools(String workspaceId, ActivityFilter filter) {
        return buffered(buffer -> tools.join(workspaceId, filter, buffer), Kind.TOOLS);
    }

    /** Tools' HTTP requests of the explorer's filter as they are stored (issue 25). No replay. */
    public Multi<Update> http(String workspaceId, ActivityFilter filter) {
        return buffered(buffer -> http.join(workspaceId, filter, buffer), Kind.HTTP);
    }

    /** A batch committed: wake the feeds of the conversations it changed. */
    public void changed(Changes changes) {
        long at = System.nanoTime();
        timelines.notice(changes, at);
        activities.notice(changes, at);
        calls.notice(changes, at);
        tools.notice(changes, at);
        http.notice(changes, at);
    }

    /** Notifications may have been missed (the listener reconnected): catch every feed up from the database. */
    public void resync() {
        timelines.resync();
    }
}
