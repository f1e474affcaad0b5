package io.apilogs.query.service;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** The open streams of a live feed, by workspace; a stream leaves when its buffer ends. */
final class WorkspaceSubscribers<S> {
    private final Map<String, Set<S>> byWorkspace = new ConcurrentHashMap<>();

    /** Adds {@code sub} until {@code buffer} ends, then runs {@code onLeave} and removes it. */
    void join(String workspaceId, S sub, LiveBuffers.Buffer buffer, Runnable onLeave) {
        byWorkspace.computeIfAbsent(workspaceId, k -> new CopyOnWriteArraySet<>()).add(sub);
        buffer.onTermination(() -> byWorkspace.computeIfPresent(workspaceId, (k, subs) -> {
            onLeave.run();
            subs.remove(sub);
            return subs.isEmpty() ? null : subs;
        }));
    }

    /** The workspace's open streams; empty when it has none. */
    Set<S> of(String workspaceId) {
        Set<S> subs = byWorkspace.get(workspaceId);
        return subs == null ? Set.of() : subs;
    }

    int count() {
        return byWorkspace.values().stream().mapToInt(Set::size).sum();
    }
}
