package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.persistence.read.TimelineReads;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.TimelineItem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Live timelines and the live activity log. Everything sent is read from the database after a change
 * notification (so only committed rows are ever sent), and each timeline subscriber is caught up by
 * {@code seq > lastSent}, so a replay, a missed notification or a reconnect leaves no gap and sends nothing twice.
 */
@ApplicationScoped
public class LiveFeeds {
    /** Items buffered per subscriber before a slow client is disconnected (it resumes with Last-Event-ID). */
    public static final int BUFFER = 1000;
    private static final int FETCH = 500;

    /** A timeline item or an activity row (a view), ready to be written as one SSE event; {@code bytes}: its estimated size. */
    public record Update(String event, String id, Object data, long bytes) {
        Update(String event, String id, Object data) {
            this(event, id, data, LiveBuffers.estimate(data));
        }
    }

    private static final class TimelineSub {
        final String stream;
        final Instant openedAt = Instant.now();
        final LiveBuffers.Buffer buffer;
        /** Written by the thread that emits, read by the one that plans the next catch-up read. */
        volatile long lastSent;
        volatile long sent;

        TimelineSub(String stream, LiveBuffers.Buffer buffer, long lastSent) {
            this.stream = stream;
            this.buffer = buffer;
            this.lastSent = lastSent;
        }
    }

    /** What one open timeline stream has been sent, for an operator asking why a client missed an item. */
    public record StreamView(String stream, String conversationId, Instant openedAt, long lastSentSeq, long sent) {
    }

    /** The subscribers of one conversation; at most one catch-up read runs for them at a time. */
    private final class Feed {
        final String workspaceId;
        final String conversationId;
        final Set<TimelineSub> subs = new CopyOnWriteArraySet<>();
        boolean reading;
        boolean again;
        /** When the oldest notification not yet served by a read arrived (System.nanoTime), or 0. */
        long noticedAt;

        Feed(String workspaceId, String conversationId) {
            this.workspaceId = workspaceId;
            this.conversationId = conversationId;
        }

        void noticed(long at) {
            synchronized (this) {
                if (noticedAt == 0) {
                    noticedAt = at;
                }
            }
            catchUp();
        }

        void catchUp() {
            long from;
            long since;
            synchronized (this) {
                if (reading) {
                    again = true;
                    return;
                }
                if (subs.isEmpty()) {
                    return;
                }
                reading = true;
                again = false;
                since = noticedAt;
                noticedAt = 0;
                from = subs.stream().mapToLong(s -> s.lastSent).min().orElse(0);
            }
            timeline.after(workspaceId, conversationId, from, FETCH).subscribe().with(read -> {
                // One update per item, its size estimated once, whatever the number of subscribers.
                List<Update> updates = new ArrayList<>(read.items().size());
                for (TimelineItem item : read.items()) {
                    updates.add(new Update("item", Long.toString(item.seq()), item));
                }
                boolean skipped = false;
                int pushed = 0;
                for (TimelineSub sub : subs) {
                    if (sub.lastSent < from) {
                        // Joined while this read ran, further back than it reads: sending it these items would skip
                        // the ones in between. The next read, from its lastSent, serves it.
                        skipped = true;
                        continue;
                    }
                    for (Update update : updates) {
                        long seq = ((TimelineItem) update.data()).seq();
                        if (seq > sub.lastSent) {
                            if (!sub.buffer.emit(update)) {
                                break;
                            }
                            sub.lastSent = seq;
                            sub.sent++;
                            pushed++;
                        }
                    }
                }
                if (pushed > 0) {
                    metrics.pushed(Kind.TIMELINE, pushed);
                    if (since != 0) {
                        metrics.notifyToPush(Kind.TIMELINE, since);
                    }
                }
                finish(read.more() || skipped);
            }, failure -> {
                Log.warnf("live timeline read for conversation %s failed: %s", conversationId, failure.toString());
                finish(false);
            });
        }

        private void finish(boolean more) {
            boolean repeat;
            synchronized (this) {
                reading = false;
                repeat = more || again;
            }
            if (repeat) {
                catchUp();
            }
        }
    }

    private record ActivitySub(LiveBuffers.Buffer buffer, ActivityFilter filter) {
    }

    private final TimelineReads timeline;
    private final ActivityReads rows;
    private final LiveMetrics metrics;
    private final java.util.concurrent.atomic.AtomicLong streamIds = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Set<ActivitySub>> activity = new ConcurrentHashMap<>();

    private final LiveBuffers buffers;

    public LiveFeeds(TimelineReads timeline, ActivityReads rows, LiveMetrics metrics, io.apilogs.query.config.QueryConfig config) {
        this.buffers = new LiveBuffers(BUFFER, config.streams().bufferBytes(), config.streams().totalBufferBytes());
        this.timeline = timeline;
        this.rows = rows;
        this.metrics = metrics;
        metrics.subscribers(Kind.TIMELINE, () -> feeds.values().stream().mapToInt(f -> f.subs.size()).sum());
        metrics.subscribers(Kind.ACTIVITY, () -> activity.values().stream().mapToInt(Set::size).sum());
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
     * names the stream in {@link #streams}. Joining and leaving a feed are atomic with the feed's creation and removal,
     * so a subscriber can never join a feed that a leaving one is removing.
     */
    public Multi<Update> timeline(String workspaceId, String conversationId, long after, String stream) {
        return buffered(buffer -> {
            String key = workspaceId + '\u0000' + conversationId;
            TimelineSub sub = new TimelineSub(stream, buffer, after);
            Feed feed = feeds.compute(key, (k, existing) -> {
                Feed joined = existing == null ? new Feed(workspaceId, conversationId) : existing;
                joined.subs.add(sub);
                return joined;
            });
            buffer.onTermination(() -> feeds.computeIfPresent(key, (k, f) -> {
                f.subs.remove(sub);
                return f.subs.isEmpty() ? null : f;
            }));
            feed.catchUp();
        }, Kind.TIMELINE);
    }

    /** A name for a new timeline stream, unique on this replica; the stream's first line tells the client. */
    public String newStreamId() {
        return "t" + streamIds.incrementAndGet();
    }

    /** This replica's open timeline streams of a workspace: what each has been sent so far. */
    public List<StreamView> streams(String workspaceId) {
        List<StreamView> views = new ArrayList<>();
        for (Feed feed : feeds.values()) {
            if (feed.workspaceId.equals(workspaceId)) {
                for (TimelineSub sub : feed.subs) {
                    views.add(new StreamView(sub.stream, feed.conversationId, sub.openedAt, sub.lastSent, sub.sent));
                }
            }
        }
        views.sort(java.util.Comparator.comparing(StreamView::conversationId).thenComparing(StreamView::stream));
        return views;
    }

    /** Activity-log rows matching the filter, each time their conversation changes. No replay. */
    public Multi<Update> activity(String workspaceId, ActivityFilter filter) {
        return buffered(buffer -> {
            ActivitySub sub = new ActivitySub(buffer, filter);
            activity.computeIfAbsent(workspaceId, k -> new CopyOnWriteArraySet<>()).add(sub);
            buffer.onTermination(() -> activity.computeIfPresent(workspaceId, (k, subs) -> {
                subs.remove(sub);
                return subs.isEmpty() ? null : subs;
            }));
        }, Kind.ACTIVITY);
    }

    /** A batch committed: wake the feeds of the conversations it changed. */
    public void changed(Changes changes) {
        long at = System.nanoTime();
        for (String conversationId : changes.c()) {
            Feed feed = feeds.get(changes.w() + '\u0000' + conversationId);
            if (feed != null) {
                feed.noticed(at);
            }
        }
        Set<ActivitySub> subs = activity.get(changes.w());
        if (subs != null && !subs.isEmpty()) {
            rows.some(changes.w(), changes.c()).subscribe().with(views -> {
                int pushed = 0;
                for (ConversationView view : views) {
                    Update update = new Update("conversation", null, view);
                    for (ActivitySub sub : subs) {
                        if (sub.filter.matches(view)) {
                            if (sub.buffer.emit(update)) {
                                pushed++;
                            }
                        }
                    }
                }
                if (pushed > 0) {
                    metrics.pushed(Kind.ACTIVITY, pushed);
                    metrics.notifyToPush(Kind.ACTIVITY, at);
                }
            }, failure -> Log.warnf("live activity read for workspace %s failed: %s", changes.w(), failure.toString()));
        }
    }

    /** Notifications may have been missed (the listener reconnected): catch every feed up from the database. */
    public void resync() {
        feeds.values().forEach(Feed::catchUp);
    }
}
