package io.apilogs.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs events to API Logs without slowing the assistant: {@link #log} only puts the event in a bounded buffer; one
 * thread of the client sends batches (by size, or every {@code flushInterval}) and retries them with the same eventIds
 * until the server takes them. {@link #flush()} waits until everything logged so far is settled; {@link #close()}
 * flushes and stops (a shutdown hook does it at JVM exit, unless turned off).
 *
 * <pre>{@code
 * try (ApiLogsClient logs = ApiLogsClient.builder("http://localhost:8081", ingestKey).build()) {
 *     logs.log(LlmCall.of("conv-42", "support-bot", "gpt-4o").usage(1200, 300).response("Hello!").event());
 * }
 * }</pre>
 */
public final class ApiLogsClient implements AutoCloseable {
    private final BlockingQueue<ObjectNode> buffer;
    private final Overflow overflow;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration closeTimeout;
    private final Sender sender;
    private final ClientListener listener;
    private final Thread worker;
    private final Thread shutdownHook;

    private final AtomicLong logged = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Object settled = new Object();
    private volatile boolean flushRequested;
    private volatile boolean closing;
    private volatile long giveUpAt = Long.MAX_VALUE;

    private ApiLogsClient(Builder b) {
        this.buffer = new ArrayBlockingQueue<>(b.bufferSize);
        this.overflow = b.overflow;
        this.batchSize = b.batchSize;
        this.flushInterval = b.flushInterval;
        this.closeTimeout = b.closeTimeout;
        this.listener = b.listener;
        HttpClient http = HttpClient.newBuilder().connectTimeout(b.requestTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.sender = new Sender(http, URI.create(b.endpoint.replaceAll("/+$", "") + "/v1/events"), b.ingestKey, b.mapper,
                b.backoffBase, b.backoffCap, b.requestTimeout);
        this.worker = new Thread(this::run, "apilogs-client");
        this.worker.setDaemon(true);
        this.worker.start();
        this.shutdownHook = b.shutdownHook ? new Thread(this::close, "apilogs-client-shutdown") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    public static Builder builder(String ingestEndpoint, String ingestKey) {
        return new Builder(ingestEndpoint, ingestKey);
    }

    /**
     * Buffers one event in the JSON of {@code POST /v1/events}. An event without an {@code eventId} gets one now, so
     * every retry of it carries the same id. Never blocks with {@link Overflow#DROP_OLDEST}.
     */
    public void log(ObjectNode event) {
        if (closing) {
            throw new IllegalStateException("the client is closed");
        }
        if (!event.hasNonNull("eventId")) {
            event.put("eventId", UUID.randomUUID().toString());
        }
        logged.incrementAndGet();
        if (overflow == Overflow.BLOCK) {
            try {
                buffer.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                drop(List.of(event), "interrupted while waiting for room in the buffer");
            }
            return;
        }
        while (!buffer.offer(event)) {
            ObjectNode oldest = buffer.poll();
            if (oldest != null) {
                drop(List.of(oldest), "the buffer was full (" + (buffer.size() + 1) + " events)");
            }
        }
    }

    /** A conversation of one assistant: its calls, tool runs and the tools' HTTP calls log into it. */
    public Conversation conversation(String conversationId, String assistantId) {
        return new Conversation(this, conversationId, assistantId);
    }

    /** Waits until every event logged before this call is acknowledged, refused or dropped; false on timeout. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = logged.get();
        flushRequested = true;
        synchronized (settled) {
            while (acknowledged.get() + refused.get() + dropped.get() < target) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    settled.wait(Math.min(left, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public boolean flush() {
        return flush(closeTimeout);
    }

    /** Flushes (for up to the close timeout; what is still unsent then is dropped and counted) and stops the thread. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        boolean flushed = flush(closeTimeout);
        closing = true;
        giveUpAt = System.nanoTime();
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ObjectNode> left = new ArrayList<>();
        buffer.drainTo(left);
        if (!left.isEmpty() || !flushed) {
            drop(left, "the client closed before the server took them");
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    public ClientStats stats() {
        return new ClientStats(logged.get(), acknowledged.get(), refused.get(), dropped.get(), retries.get(), buffer.size());
    }

    /**
     * The sending loop: a batch starts with the first buffered event and closes when it is full, when the flush interval
     * has passed since it started, or when a flush or close asks. Every event ends counted as acknowledged, refused or
     * dropped, which is what {@link #flush} waits for.
     */
    private void run() {
        List<ObjectNode> batch = new ArrayList<>(batchSize);
        while (!(closing && buffer.isEmpty())) {
            try {
                ObjectNode first = buffer.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    flushRequested = false;
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + flushInterval.toNanos();
                while (batch.size() < batchSize && !flushRequested && !closing && System.nanoTime() < deadline) {
                    ObjectNode next = buffer.poll(10, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
                buffer.drainTo(batch, batchSize - batch.size());
                send(batch);
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) {
                    send(batch);
                }
            } finally {
                batch.clear();
                notifySettled();
            }
        }
    }

    private void send(List<ObjectNode> batch) {
        Sender.Outcome outcome = sender.send(batch, () -> !closing || System.nanoTime() < giveUpAt, retries::incrementAndGet);
        if (outcome.gaveUp()) {
            drop(batch, "the client closed while the server was unreachable");
            return;
        }
        acknowledged.addAndGet(outcome.acknowledged());
        if (!outcome.refused().isEmpty()) {
            refused.addAndGet(outcome.refused().size());
            listener.refused(outcome.refused(), outcome.status(), outcome.detail());
        }
    }

    private void drop(List<ObjectNode> events, String why) {
        if (events.isEmpty()) {
            return;
        }
        dropped.addAndGet(events.size());
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.path("eventId").asText()));
        listener.dropped(ids, why);
    }

    private void notifySettled() {
        synchronized (settled) {
            settled.notifyAll();
        }
    }

    /** Settings, with defaults fit for an assistant: batches of 100 or every second, a buffer of 10,000 events. */
    public static final class Builder {
        private final String endpoint;
        private final String ingestKey;
        private int batchSize = 100;
        private int bufferSize = 10_000;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration backoffBase = Duration.ofMillis(200);
        private Duration backoffCap = Duration.ofSeconds(10);
        private Overflow overflow = Overflow.DROP_OLDEST;
        private boolean shutdownHook = true;
        private ClientListener listener = new ClientListener() {
        };
        private ObjectMapper mapper = new ObjectMapper();

        private Builder(String endpoint, String ingestKey) {
            this.endpoint = endpoint;
            this.ingestKey = ingestKey;
        }

        /** At most 1000 (the server's limit per request). */
        public Builder batchSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("batchSize must be 1-1000");
            }
            this.batchSize = size;
            return this;
        }

        public Builder bufferSize(int size) {
            this.bufferSize = size;
            return this;
        }

        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        /** How long {@link #close()} keeps sending (and retrying) what is buffered before it drops the rest. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder backoff(Duration base, Duration cap) {
            this.backoffBase = base;
            this.backoffCap = cap;
            return this;
        }

        public Builder overflow(Overflow policy) {
            this.overflow = policy;
            return this;
        }

        /** Whether JVM exit closes (and so flushes) the client; on by default. */
        public Builder shutdownHook(boolean on) {
            this.shutdownHook = on;
            return this;
        }

        public Builder listener(ClientListener listener) {
            this.listener = listener;
            return this;
        }

        public ApiLogsClient build() {
            return new ApiLogsClient(this);
        }
    }
}
