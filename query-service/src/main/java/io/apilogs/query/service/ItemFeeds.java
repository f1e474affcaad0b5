package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.CallListReads;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A live explorer of single items (issue 25: calls, tool executions or HTTP requests): after a change notification,
 * each subscriber is sent the items the batch added that match its filter, read with the explorer's own SQL (its
 * {@link Reader}, e.g. {@link CallListReads#added}), so live and listed mean the same. No replay. Part of
 * {@link LiveFeeds}, which owns the buffers.
 */
final class ItemFeeds {
    /** Reads the items of the filter that have a seq within the given range of each conversation, oldest first. */
    @FunctionalInterface
    interface Reader {
        Uni<? extends List<?>> added(String workspaceId, ActivityFilter filter, List<String> conversations, List<Long> firsts, List<Long> lasts);
    }

    /**
     * A subscriber. Its reads run one at a time, in commit order; batches noticed while one runs wait as one merged
     * range per conversation (from the first of their first seqs to the last of their last), which is exactly their
     * items, since batches are noticed in commit order. So a slow reader holds one pending set, not a queue.
     */
    private static final class CallSub {
        final LiveBuffers.Buffer buffer;
        final ActivityFilter filter;
        private final Map<String, long[]> pending = new java.util.LinkedHashMap<>();
        private boolean reading;
        private volatile boolean closed;

        CallSub(LiveBuffers.Buffer buffer, ActivityFilter filter) {
            this.buffer = buffer;
            this.filter = filter;
        }

        /** Adds a batch's ranges; true when the caller is to start reading (none runs). */
        synchronized boolean offer(List<String> conversations, List<Long> firsts, List<Long> lasts) {
            for (int i = 0; i < conversations.size(); i++) {
                long first = firsts.get(i);
                long last = lasts.get(i);
                pending.merge(conversations.get(i), new long[] {first, last},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
            if (reading || closed) {
                return false;
            }
            reading = true;
            return true;
        }

        /** The pending ranges, taken; null (and reading over) when there are none. */
        synchronized Map<String, long[]> take() {
            if (pending.isEmpty() || closed) {
                pending.clear();
                reading = false;
                return null;
            }
            Map<String, long[]> taken = new java.util.LinkedHashMap<>(pending);
            pending.clear();
            return taken;
        }
    }

    private final Reader reader;
    private final Kind kind;
    private final String event;
    private final LiveMetrics metrics;
    private final WorkspaceSubscribers<CallSub> subscribers = new WorkspaceSubscribers<>();

    /** {@code event}: the SSE event name of an item. */
    ItemFeeds(Reader reader, Kind kind, String event, LiveMetrics metrics) {
        this.reader = reader;
        this.kind = kind;
        this.event = event;
        this.metrics = metrics;
        metrics.subscribers(kind, subscribers::count);
    }

    void join(String workspaceId, ActivityFilter filter, LiveBuffers.Buffer buffer) {
        CallSub sub = new CallSub(buffer, filter);
        subscribers.join(workspaceId, sub, buffer, () -> sub.closed = true);
    }

    void notice(Changes changes, long at) {
        Set<CallSub> subs = subscribers.of(changes.w());
        if (subs.isEmpty()) {
            return;
        }
        List<String> conversations = new ArrayList<>();
        List<Long> firsts = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        for (int i = 0; i < changes.c().size(); i++) {
            if (changes.firstNewSeq(i) > 0) {
                conversations.add(changes.c().get(i));
                firsts.add(changes.firstNewSeq(i));
                lasts.add(changes.lastNewSeq(i));
            }
        }
        if (conversations.isEmpty()) {
            return;
        }
        for (CallSub sub : subs) {
            if (sub.offer(conversations, firsts, lasts)) {
                read(changes.w(), sub, at);
            }
        }
    }

    /** Reads and sends the subscriber's pending calls, then whatever was noticed meanwhile, until nothing is pending. */
    private void read(String workspaceId, CallSub sub, long at) {
        Map<String, long[]> ranges = sub.take();
        if (ranges == null) {
            return;
        }
        List<Long> firsts = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        ranges.values().forEach(range -> {
            firsts.add(range[0]);
            lasts.add(range[1]);
        });
        reader.added(workspaceId, sub.filter, new ArrayList<>(ranges.keySet()), firsts, lasts).subscribe().with(rows -> {
            int pushed = 0;
            for (Object row : rows) {
                if (sub.buffer.emit(new LiveFeeds.Update(event, null, row))) {
                    pushed++;
                }
            }
            if (pushed > 0) {
                metrics.pushed(kind, pushed);
                metrics.notifyToPush(kind, at);
            }
            read(workspaceId, sub, at);
        }, failure -> {
            Log.warnf("live %s read for workspace %s failed: %s", kind.name().toLowerCase(java.util.Locale.ROOT), workspaceId, failure.toString());
            read(workspaceId, sub, at);
        });
    }
}
