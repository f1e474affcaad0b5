package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.CallListReads;
import io.apilogs.query.view.CallRow;
import io.quarkus.logging.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live explorer of calls (issue 25): after a change notification, each subscriber is sent the calls the batch
 * added that match its filter, read with the explorer's own SQL ({@link CallListReads#added}), so live and listed
 * mean the same. No replay. Part of {@link LiveFeeds}, which owns the buffers.
 */
final class CallFeeds {
    /** A subscriber; its reads run one after another, so it is sent batches in the order they committed. */
    private record CallSub(LiveBuffers.Buffer buffer, ActivityFilter filter, AtomicReference<CompletableFuture<Void>> reads) {
        CallSub(LiveBuffers.Buffer buffer, ActivityFilter filter) {
            this(buffer, filter, new AtomicReference<>(CompletableFuture.completedFuture(null)));
        }
    }

    private final CallListReads calls;
    private final LiveMetrics metrics;
    private final Map<String, Set<CallSub>> subscribers = new ConcurrentHashMap<>();

    CallFeeds(CallListReads calls, LiveMetrics metrics) {
        this.calls = calls;
        this.metrics = metrics;
        metrics.subscribers(Kind.CALLS, () -> subscribers.values().stream().mapToInt(Set::size).sum());
    }

    void join(String workspaceId, ActivityFilter filter, LiveBuffers.Buffer buffer) {
        CallSub sub = new CallSub(buffer, filter);
        subscribers.computeIfAbsent(workspaceId, k -> new CopyOnWriteArraySet<>()).add(sub);
        buffer.onTermination(() -> subscribers.computeIfPresent(workspaceId, (k, subs) -> {
            subs.remove(sub);
            return subs.isEmpty() ? null : subs;
        }));
    }

    void notice(Changes changes, long at) {
        Set<CallSub> subs = subscribers.get(changes.w());
        if (subs == null || subs.isEmpty()) {
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
            sub.reads.getAndUpdate(previous -> previous.thenCompose(done -> calls.added(changes.w(), sub.filter, conversations, firsts, lasts)
                    .subscribeAsCompletionStage()).thenAccept(rows -> {
                        int pushed = 0;
                        for (CallRow row : rows) {
                            if (sub.buffer.emit(new LiveFeeds.Update("call", null, row))) {
                                pushed++;
                            }
                        }
                        if (pushed > 0) {
                            metrics.pushed(Kind.CALLS, pushed);
                            metrics.notifyToPush(Kind.CALLS, at);
                        }
                    }).exceptionally(failure -> {
                        Log.warnf("live calls read for workspace %s failed: %s", changes.w(), failure.toString());
                        return null;
                    }));
        }
    }
}
