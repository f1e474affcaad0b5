package io.apilogs.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "apilogs.ingest")
public interface IngestConfig {
    String DEFAULT_MAX_BODY_BYTES = "5242880";
    String DEFAULT_INFLIGHT_BYTES = "25165824";
    String DEFAULT_PRODUCER_BUFFER_BYTES = "16777216";

    /** Largest accepted request body, checked while reading. */
    @WithDefault(DEFAULT_MAX_BODY_BYTES)
    int maxBodyBytes();

    @WithDefault("1000")
    int maxEventsPerBatch();

    @WithDefault("64")
    int maxJsonDepth();

    /**
     * {@code APILOGS_INGEST_MAX_JSON_TOKENS}: JSON tokens (values, keys, brackets) in one body at most, counted while
     * parsing; past it the body is refused (400) before more is built. It bounds the trees a body becomes whatever its
     * shape: a million empty objects fit in 5 MiB.
     */
    @WithDefault("1000000")
    long maxJsonTokens();

    /** How long a batch waits for Kafka's acknowledgement before the answer is 503. */
    @WithDefault("5s")
    Duration ackTimeout();

    /** Seconds a client is told to wait after a 503. */
    @WithDefault("2")
    int retryAfterSeconds();

    /** Longest message, prompt or response text, in UTF-8 bytes. */
    @WithDefault("1048576")
    int maxTextBytes();

    /** Longest name or URL, in UTF-8 bytes. */
    @WithDefault("65536")
    int maxNameBytes();

    @WithDefault("10000")
    int maxArrayLength();

    /** HTTP request and response bodies of tool plugins are redacted, then truncated to this many UTF-8 bytes. */
    @WithDefault("65536")
    int maxHttpBodyBytes();

    /**
     * {@code APILOGS_INGEST_INFLIGHT_BYTES}: request body bytes held at once across all connections, read or inflated.
     * A request that would pass it is answered 503 with {@code Retry-After}. At least one largest body.
     */
    @WithDefault(DEFAULT_INFLIGHT_BYTES)
    long inflightBytes();

    /**
     * {@code APILOGS_INGEST_PRODUCER_BUFFER_BYTES}: the Kafka producer's {@code buffer.memory}, the records waiting to
     * be sent or acknowledged. When it is full a send waits up to the ack timeout, then the batch is answered 503.
     */
    @WithDefault(DEFAULT_PRODUCER_BUFFER_BYTES)
    long producerBufferBytes();

    /**
     * {@code APILOGS_INGEST_KAFKA_COMPRESSION}: the producer's {@code compression.type}. {@code none} by default, so the
     * writer's fetch limits bound the bytes it holds (docs/deploy.md, "Memory"); lz4 or zstd shrink Kafka's disk and
     * network, and then the writer holds up to the compression ratio times more.
     */
    @WithDefault("none")
    String kafkaCompression();

    /** Per-key rate limits, per replica (token buckets that refill every second; the burst is one second's worth). */
    RateLimit rateLimit();

    interface RateLimit {
        /** Requests per second per key ({@code APILOGS_INGEST_RATE_LIMIT_REQUESTS_PER_SECOND}). */
        @WithDefault("200")
        long requestsPerSecond();

        /** Events per second per key ({@code APILOGS_INGEST_RATE_LIMIT_EVENTS_PER_SECOND}). */
        @WithDefault("50000")
        long eventsPerSecond();
    }
}
