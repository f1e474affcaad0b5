package io.apilogs.query.config;

import io.apilogs.security.HeapCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * What query-service's bounds hold at once (docs/deploy.md, "Memory"), checked against the heap at start:
 * <ul>
 *   <li>the writer, per consumer ({@code APILOGS_WRITER_CONCURRENCY}): four polls' worth of records (the batch being
 *   stored, up to two the connector queued before it pauses, the fetch buffer), each at most
 *   {@code APILOGS_WRITER_FETCH_BYTES} or one record of up to {@code APILOGS_WRITER_MAX_RECORD_BYTES}; and the chunk
 *   being stored decoded, {@value #CHUNK_FACTOR} times its bytes (events, SQL parameters, compressed bodies);</li>
 *   <li>live streams: {@code APILOGS_STREAMS_TOTAL_BUFFER_BYTES};</li>
 *   <li>reads: {@value #READS_MB} MB for the pages and call details being answered;</li>
 *   <li>the service itself: {@value #BASE_MB} MB.</li>
 * </ul>
 */
@ApplicationScoped
public class QueryMemory {
    static final int POLLS_HELD = 4;
    static final int CHUNK_FACTOR = 3;
    static final long READS_MB = 64;
    static final long BASE_MB = 80;
    private static final long MB = 1024 * 1024;

    static HeapCheck.Part[] parts(QueryConfig config) {
        List<HeapCheck.Part> parts = new ArrayList<>();
        parts.add(new HeapCheck.Part("service", BASE_MB * MB));
        if (config.writer().enabled()) {
            QueryConfig.Writer writer = config.writer();
            long poll = Math.max(writer.fetchBytes(), writer.maxRecordBytes());
            long chunk = Math.max(writer.chunkBytes(), writer.maxRecordBytes());
            parts.add(new HeapCheck.Part("writer " + writer.concurrency() + " x (" + POLLS_HELD + " polls + chunk decoded)",
                    writer.concurrency() * (POLLS_HELD * poll + CHUNK_FACTOR * chunk)));
        }
        parts.add(new HeapCheck.Part("live streams", config.streams().totalBufferBytes()));
        parts.add(new HeapCheck.Part("reads", READS_MB * MB));
        return parts.toArray(HeapCheck.Part[]::new);
    }

    void onStart(@Observes StartupEvent event, QueryConfig config) {
        HeapCheck.require("query-service", Runtime.getRuntime().maxMemory(), parts(config));
    }
}
