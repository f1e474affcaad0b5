package io.apilogs.query.service;

import io.apilogs.query.observe.LiveMetrics;
import io.apilogs.query.observe.LiveMetrics.Kind;
import io.apilogs.query.persistence.Changes;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.ActivityReads;
import io.apilogs.query.view.ConversationView;
import io.quarkus.logging.Log;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live activity log: after a change notification, the changed conversations' rows are read once and sent to each
 * subscriber whose filter matches them ({@link ActivityFilter#matches}, the same meaning as the list's SQL). No
 * replay. Part of {@link LiveFeeds}, which owns the buffers.
 */
final class ActivityFeeds {
    private record ActivitySub(LiveBuffers.Buffer buffer, ActivityFilter filter) {
    }

    /** How long a live search may take to decide which changed conversations match. */
    static final long SEARCH_BUDGET_MS = 1_000;

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
                    if (sub.filter.search() == null && sub.filter.matches(view) && sub.buffer.emit(update)) {
                        pushed++;
                    }
                }
            }
            count(pushed, at);
            for (ActivitySub sub : subs) {
                if (sub.filter.search() != null) {
                    searched(changes.w(), sub, views, at);
                }
            }
        }, failure -> Log.warnf("live activity read for workspace %s failed: %s", changes.w(), failure.toString()));
    }

    /** A subscriber with a content search (issue 26) gets the changed rows of its filter that match it, with their matches. */
    private void searched(String workspaceId, ActivitySub sub, List<ConversationView> views, long at) {
        Map<String, String> subjects = new HashMap<>();
        Map<String, ConversationView> byId = new HashMap<>();
        for (ConversationView view : views) {
            if (sub.filter.matches(view)) {
                subjects.put(view.conversationId(), view.subject());
                byId.put(view.conversationId(), view);
            }
        }
        if (subjects.isEmpty()) {
            return;
        }
        rows.matching(workspaceId, sub.filter.search(), subjects, SEARCH_BUDGET_MS).subscribe().with(found -> {
            int pushed = 0;
            for (Map.Entry<String, List<ConversationView.ConversationMatch>> match : found.entrySet()) {
                ConversationView view = byId.get(match.getKey()).withMatches(match.getValue());
                if (sub.buffer.emit(new LiveFeeds.Update("conversation", null, view))) {
                    pushed++;
                }
            }
            count(pushed, at);
        }, failure -> Log.warnf("live activity search for workspace %s failed: %s", workspaceId, failure.toString()));
    }

    private void count(int pushed, long at) {
        if (pushed > 0) {
            metrics.pushed(Kind.ACTIVITY, pushed);
            metrics.notifyToPush(Kind.ACTIVITY, at);
        }
    }
}
