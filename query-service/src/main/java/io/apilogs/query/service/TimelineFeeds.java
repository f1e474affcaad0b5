package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.TimelineReads;
import io.apilogs.query.view.TimelineItem;
import io.quarkus.logging.Log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live timelines: one feed per conversation with subscribers, each subscriber caught up by {@code seq > lastSent}
 * from the database after a change notification, so a replay, a missed notification or a reconnect leaves no gap and
 * sends nothing twice. Part of {@link LiveFeeds}, which owns the buffers.
 */
final class TimelineFeeds {
    private static final int FETCH = 500;

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
                List<LiveFeeds.Update> updates = new ArrayList<>(read.items().size());
                for (TimelineItem item : read.items()) {
                    updates.add(new LiveFeeds.Update("item", Long.toString(item.seq()), item));
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
                    for (LiveFeeds.Update update : updates) {
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

    private final TimelineReads timeline;
    private final LiveMetrics metrics;
    private final AtomicLong streamIds = new AtomicLong();
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

    TimelineFeeds(TimelineReads timeline, LiveMetrics metrics) {
        this.timeline = timeline;
        this.metrics = metrics;
        metrics.subscribers(Kind.TIMELINE, () -> feeds.values().stream().mapToInt(f -> f.subs.size()).sum());
    }

    /**
     * Subscribes {@code buffer} to the conversation from {@code after}. Joining and leaving a feed are atomic with the
     * feed's creation and removal, so a subscriber can never join a feed that a leaving one is removing.
     */
    void join(String workspaceId, String conversationId, long after, String stream, LiveBuffers.Buffer buffer) {
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
    }

    String newStreamId() {
        return "t" + streamIds.incrementAndGet();
    }

    List<LiveFeeds.StreamView> streams(String workspaceId) {
        List<LiveFeeds.StreamView> views = new ArrayList<>();
        for (Feed feed : feeds.values()) {
            if (feed.workspaceId.equals(workspaceId)) {
                for (TimelineSub sub : feed.subs) {
                    views.add(new LiveFeeds.StreamView(sub.stream, feed.conversationId, sub.openedAt, sub.lastSent, sub.sent));
                }
            }
        }
        views.sort(Comparator.comparing(LiveFeeds.StreamView::conversationId).thenComparing(LiveFeeds.StreamView::stream));
        return views;
    }

    /** Wakes the feeds of the conversations a batch changed; {@code at}: when the notification arrived (nanoTime). */
    void notice(Changes changes, long at) {
        for (String conversationId : changes.c()) {
            Feed feed = feeds.get(changes.w() + '\u0000' + conversationId);
            if (feed != null) {
                feed.noticed(at);
            }
        }
    }

    /** Catches every feed up from the database (notifications may have been missed). */
    void resync() {
        feeds.values().forEach(Feed::catchUp);
    }
}
