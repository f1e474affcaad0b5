package io.apilogs.query.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The live streams' meters at {@code /q/metrics}: open subscribers, SSE events pushed, slow clients dropped (their
 * buffer of {@code LiveFeeds.BUFFER} items filled), and the time from a change notification to the push it caused.
 * Each has a {@code kind} tag: {@code timeline} or {@code activity}.
 */
// Created at startup, so every meter is scraped (at zero) before the first event.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class LiveMetrics {
    public enum Kind {
        TIMELINE, ACTIVITY, CALLS, TOOLS, HTTP;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Counter[] pushed = new Counter[Kind.values().length];
    private final Counter[] dropped = new Counter[Kind.values().length];
    private final Timer[] notifyToPush = new Timer[Kind.values().length];

    public LiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Kind kind : Kind.values()) {
            pushed[kind.ordinal()] = Counter.builder("apilogs.live.events.pushed").description("SSE events sent to live subscribers")
                    .tag("kind", kind.tag()).register(registry);
            dropped[kind.ordinal()] = Counter.builder("apilogs.live.slow.clients.dropped")
                    .description("Streams ended because the client read slower than its updates came (it resumes with Last-Event-ID)")
                    .tag("kind", kind.tag()).register(registry);
            notifyToPush[kind.ordinal()] = Timer.builder("apilogs.live.notify.push")
                    .description("From a writer's change notification to the push it caused")
                    .tag("kind", kind.tag()).publishPercentiles(0.5, 0.95, 0.99).register(registry);
        }
    }

    /** Registers the gauge of open subscribers of a kind, read from the live feeds themselves. */
    public void subscribers(Kind kind, Supplier<Number> count) {
        Gauge.builder("apilogs.live.subscribers", count).description("Open live streams").tag("kind", kind.tag()).register(registry);
    }

    public void pushed(Kind kind, int count) {
        pushed[kind.ordinal()].increment(count);
    }

    public void dropped(Kind kind) {
        dropped[kind.ordinal()].increment();
    }

    public void notifyToPush(Kind kind, long sinceNanos) {
        notifyToPush[kind.ordinal()].record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS);
    }
}
