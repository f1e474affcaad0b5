package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.view.ConversationView;
import io.quarkus.logging.Log;

import java.util.Set;

/**
 * The live activity log: after a change notification, the changed conversations' rows are read once and sent to each
 * subscriber whose filter matches them ({@link ActivityFilter#matches}, the same meaning as the list's SQL). No
 * replay. Part of {@link LiveFeeds}, which owns the buffers.
 */
final class ActivityFeeds {
    private record ActivitySub(LiveBuffers.Buffer buffer, ActivityFilter filter) {
    }

    private final ActivityReads rows;
    private final LiveMetrics metrics;
    private final WorkspaceSubscribers<ActivitySub> activity = new WorkspaceSubscribers<>();

    ActivityFeeds(ActivityReads rows, LiveMetrics metrics) {
        this.rows = rows;
        this.metrics = metrics;
        metrics.subscribers(Kind.ACTIVITY, activity::count);
    }

    void join(String workspaceId, ActivityFilter filter, LiveBuffers.Buffer buffer) {
        ActivitySub sub = new ActivitySub(buffer, filter);
        activity.join(workspaceId, sub, buffer, () -> { });
    }

    /** Sends the rows a batch changed to the workspace's subscribers they match. */
    void notice(Changes changes, long at) {
        Set<ActivitySub> subs = activity.of(changes.w());
        if (subs.isEmpty()) {
            return;
        }
        rows.some(changes.w(), changes.c()).subscribe().with(views -> {
            int pushed = 0;
            for (ConversationView view : views) {
                LiveFeeds.Update update = new LiveFeeds.Update("conversation", null, view);
                for (ActivitySub sub : subs) {
                    if (sub.filter.matches(view) && sub.buffer.emit(update)) {
                        pushed++;
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
