package io.apilogs.localstack;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Restarts a service process that exits when nobody asked it to (a crash, kill -9, an OutOfMemoryError with
 * {@code -XX:+ExitOnOutOfMemoryError}), as an orchestrator would: at once the first time (restart to storing again is
 * a target, 15 s), then after 1 s and twice as long each time it exits again within a minute of its start, up to 30 s.
 * Each restart is announced in one line.
 */
final class Supervisor implements AutoCloseable {
    static final Duration FIRST_BACKOFF = Duration.ZERO;
    static final Duration CRASH_LOOP_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofMinutes(1);

    /** A supervised service: how to find its current process, and how to start a new one. */
    interface Service {
        ServiceProcess current();

        /** Starts a new process and waits until it is ready. */
        void restart();
    }

    private final Service service;
    private final Consumer<String> out;
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopping;

    Supervisor(Service service, Consumer<String> out) {
        this.service = service;
        this.out = out;
        this.thread = new Thread(this::watch, "apilogs-supervisor-" + service.current().name());
        thread.setDaemon(true);
        thread.start();
    }

    /** How many times the service was restarted. */
    int restarts() {
        return restarts.get();
    }

    /**
     * The next wait: none after a service that stayed up for {@link #STABLE_AFTER}; else 1 s, then doubled each time.
     */
    static Duration nextBackoff(Duration previous, Duration upFor) {
        if (previous == null || upFor.compareTo(STABLE_AFTER) >= 0) {
            return FIRST_BACKOFF;
        }
        Duration doubled = previous.isZero() ? CRASH_LOOP_BACKOFF : previous.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void watch() {
        Duration backoff = null;
        long startedAt = System.nanoTime();
        while (!stopping) {
            ServiceProcess process = service.current();
            if (process.isAlive()) {
                sleep(Duration.ofMillis(250));
                continue;
            }
            if (stopping) {
                return;
            }
            backoff = nextBackoff(backoff, Duration.ofNanos(System.nanoTime() - startedAt));
            int count = restarts.incrementAndGet();
            out.accept("API Logs: " + process.name() + " exited unexpectedly (exit code " + process.exitCode() + "); restarting it "
                    + (backoff.isZero() ? "now" : "in " + backoff.toMillis() / 1000.0 + " s") + " (restart " + count + "; its log: " + process.log() + ")");
            sleep(backoff);
            if (stopping) {
                return;
            }
            startedAt = System.nanoTime();
            try {
                service.restart();
            } catch (RuntimeException e) {
                out.accept("API Logs: " + process.name() + " did not come back: " + e.getMessage() + "; trying again");
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching, so that a stop asked for is not taken for a crash. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
