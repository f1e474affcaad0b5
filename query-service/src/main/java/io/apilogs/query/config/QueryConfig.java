package io.apilogs.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "apilogs")
public interface QueryConfig {
    String DEFAULT_WRITER_ENABLED = "true";
    String DEFAULT_WRITER_CONCURRENCY = "4";
    String DEFAULT_WRITER_CHUNK_BYTES = "1048576";
    String DEFAULT_WRITER_FETCH_BYTES = "2097152";
    String DEFAULT_WRITER_MAX_RECORD_BYTES = "6291456";
    String DEFAULT_STREAMS_TOTAL_BUFFER_BYTES = "33554432";
    String DEFAULT_READS_DETAIL_BYTES = "67108864";
    /** The operator's token for workspace and key administration. Without it, those endpoints answer 401. */
    Optional<String> adminToken();

    /**
     * {@code APILOGS_SIGNING_SECRET}: the root secret that cursors and stream tokens are signed with (each through a
     * key derived for its purpose). It has no default: the service refuses to start without one. Set the same value on
     * every replica.
     */
    Optional<String> signingSecret();

    Streams streams();

    Writer writer();

    Retention retention();

    Usage usage();

    Reads reads();

    Limits limits();

    Accept accept();

    interface Limits {
        /**
         * {@code APILOGS_LIMITS_READS_PER_SECOND}: requests per second per key on {@code /v1/*} (bursts of five times
         * that); past it 429 with Retry-After ({@code ReadLimits}).
         */
        @WithDefault("200")
        long readsPerSecond();
    }

    /** The writer's window for event times, as ingest's (an hour wider, since the record is written a moment later). */
    interface Accept {
        /** {@code APILOGS_ACCEPT_PAST_DAYS}: how old an event's time may be. */
        @WithDefault(io.apilogs.model.validation.AcceptWindow.DEFAULT_PAST_DAYS)
        int pastDays();

        /** {@code APILOGS_ACCEPT_FUTURE}: how far ahead of the clock an event's time may be. */
        @WithDefault(io.apilogs.model.validation.AcceptWindow.DEFAULT_FUTURE)
        java.time.Duration future();
    }

    interface Reads {
        /**
         * {@code APILOGS_READS_DETAIL_BYTES}: what the details of calls, tool executions and HTTP requests being answered
         * at once may hold, ten times the bytes they load ({@code DetailBudget}); past it a detail gets 503 with
         * Retry-After. A call whose detail alone would not fit is served with its linked items' contents left out.
         */
        @WithDefault(DEFAULT_READS_DETAIL_BYTES)
        long detailBytes();
    }

    interface Usage {
        /**
         * {@code APILOGS_USAGE_FOLD_INTERVAL}: how often the usage roll-up shards of old hours are folded into one row
         * per hour and key ({@code off} disables it).
         */
        @WithDefault("15m")
        String foldInterval();
    }

    interface Retention {
        /**
         * {@code APILOGS_RETENTION_DAYS}: keep at least this many days of data (whole months go once all of the month is
         * older). Unset keeps everything.
         */
        Optional<Integer> days();

        /** {@code APILOGS_RETENTION_BATCH_SIZE}: rows per delete statement, so no statement holds locks for long. */
        @WithDefault("10000")
        int batchSize();
    }

    interface Writer {
        /** {@code APILOGS_WRITER_ENABLED}: {@code false} makes a read-only replica that consumes nothing. */
        @WithDefault(DEFAULT_WRITER_ENABLED)
        boolean enabled();

        /**
         * {@code APILOGS_WRITER_CONCURRENCY}: Kafka consumers (each with its own batch in flight) in this replica. More
         * than the topic's partitions, summed over replicas, leaves consumers idle.
         */
        @WithDefault(DEFAULT_WRITER_CONCURRENCY)
        int concurrency();

        /**
         * {@code APILOGS_WRITER_CHUNK_BYTES}: a polled batch is decoded and stored in chunks of at most this many bytes
         * of records, one transaction each (a larger record is a chunk of its own).
         */
        @WithDefault(DEFAULT_WRITER_CHUNK_BYTES)
        long chunkBytes();

        /**
         * {@code APILOGS_WRITER_FETCH_BYTES}: the most record bytes one consumer fetches at once (Kafka's
         * {@code fetch.max.bytes} and {@code max.partition.fetch.bytes}), so the most one poll returns.
         */
        @WithDefault(DEFAULT_WRITER_FETCH_BYTES)
        long fetchBytes();

        /**
         * {@code APILOGS_WRITER_MAX_RECORD_BYTES}: the largest record on {@code apilogs.events}: one event, which is
         * at most the largest request body ingest takes ({@code APILOGS_INGEST_MAX_BODY_BYTES}, 5 MiB) plus its
         * envelope. Kafka hands over a record larger than the fetch limit whole, so it sizes the writer's memory.
         */
        @WithDefault(DEFAULT_WRITER_MAX_RECORD_BYTES)
        long maxRecordBytes();
    }

    interface Streams {
        /** {@code APILOGS_STREAMS_MAX_PER_KEY}: live streams one key may hold open at once on one replica. */
        @WithDefault("50")
        int maxPerKey();

        /**
         * {@code APILOGS_STREAMS_BUFFER_BYTES}: what one live stream may hold for a client that reads slowly (also at
         * most 1000 updates); past it the stream ends, and a timeline client resumes with {@code Last-Event-ID}.
         */
        @WithDefault("2097152")
        long bufferBytes();

        /** {@code APILOGS_STREAMS_TOTAL_BUFFER_BYTES}: the same, for all live streams of this replica together. */
        @WithDefault(DEFAULT_STREAMS_TOTAL_BUFFER_BYTES)
        long totalBufferBytes();
    }
}
