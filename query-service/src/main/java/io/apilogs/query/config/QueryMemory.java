package io.apilogs.query.config;

import io.apilogs.security.HeapCheck;
import io.apilogs.security.MemoryFloor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * What query-service's bounds hold at once (docs/deploy.md, "Memory"), checked against the heap before the service
 * starts ({@link Floor}, from the environment) and again at startup (from the parsed configuration):
 * <ul>
 *   <li>the writer, per consumer ({@code APILOGS_WRITER_CONCURRENCY}): four polls' worth of records (the batch being
 *   stored, up to two the connector queued before it pauses, the fetch buffer), each at most
 *   {@code APILOGS_WRITER_FETCH_BYTES} or one record of up to {@code APILOGS_WRITER_MAX_RECORD_BYTES}; and the chunk
 *   being stored decoded, {@value #CHUNK_FACTOR} times its bytes (events, SQL parameters, compressed bodies);</li>
 *   <li>live streams: {@code APILOGS_STREAMS_TOTAL_BUFFER_BYTES};</li>
 *   <li>reads: {@value #PAGES_MB} MB for the timeline pages being answered (16 reads at once, 2 MiB each), and
 *   {@code APILOGS_READS_DETAIL_BYTES} for the details ({@code DetailBudget});</li>
 *   <li>the writer's cache of search keys: {@value #SEARCH_KEY_CACHE_MB} MB;</li>
 *   <li>the service itself: {@value #BASE_MB} MB.</li>
 * </ul>
 */
@ApplicationScoped
public class QueryMemory {
    static final int POLLS_HELD = 4;
    static final int CHUNK_FACTOR = 3;
    static final long PAGES_MB = 32;
    static final long BASE_MB = 80;
    /** The writer's cache of texts and their content search keys (issue 26: {@code SearchKeys.CACHE}). */
    public static final long SEARCH_KEY_CACHE_MB = 8;
    private static final long MB = 1024 * 1024;

    /** The writer's settings; null when the writer is off. */
    record Writer(int concurrency, long fetchBytes, long chunkBytes, long maxRecordBytes) {
    }

    static HeapCheck.Part[] parts(Writer writer, long streamsTotalBytes, long detailBytes) {
        List<HeapCheck.Part> parts = new ArrayList<>();
        parts.add(new HeapCheck.Part("service", BASE_MB * MB));
        if (writer != null) {
            long poll = Math.max(writer.fetchBytes(), writer.maxRecordBytes());
            long chunk = Math.max(writer.chunkBytes(), writer.maxRecordBytes());
            parts.add(new HeapCheck.Part("writer " + writer.concurrency() + " x (" + POLLS_HELD + " polls + chunk decoded)",
                    writer.concurrency() * (POLLS_HELD * poll + CHUNK_FACTOR * chunk)));
            parts.add(new HeapCheck.Part("search key cache", SEARCH_KEY_CACHE_MB * MB));
        }
        parts.add(new HeapCheck.Part("live streams", streamsTotalBytes));
        parts.add(new HeapCheck.Part("reads (pages + details)", PAGES_MB * MB + detailBytes));
        return parts.toArray(HeapCheck.Part[]::new);
    }

    void onStart(@Observes StartupEvent event, QueryConfig config) {
        QueryConfig.Writer w = config.writer();
        Writer writer = w.enabled() ? new Writer(w.concurrency(), w.fetchBytes(), w.chunkBytes(), w.maxRecordBytes()) : null;
        HeapCheck.require("query-service", Runtime.getRuntime().maxMemory(), parts(writer, config.streams().totalBufferBytes(),
                config.reads().detailBytes()));
    }

    /** The same, from the environment, before anything starts (see {@code ServiceMain}). */
    public static final class Floor implements MemoryFloor {
        @Override
        public String service() {
            return "query-service";
        }

        @Override
        public HeapCheck.Part[] parts(BinaryOperator<String> setting) {
            boolean enabled = Boolean.parseBoolean(setting.apply("APILOGS_WRITER_ENABLED", QueryConfig.DEFAULT_WRITER_ENABLED));
            Writer writer = enabled ? new Writer(
                    Integer.parseInt(setting.apply("APILOGS_WRITER_CONCURRENCY", QueryConfig.DEFAULT_WRITER_CONCURRENCY)),
                    Long.parseLong(setting.apply("APILOGS_WRITER_FETCH_BYTES", QueryConfig.DEFAULT_WRITER_FETCH_BYTES)),
                    Long.parseLong(setting.apply("APILOGS_WRITER_CHUNK_BYTES", QueryConfig.DEFAULT_WRITER_CHUNK_BYTES)),
                    Long.parseLong(setting.apply("APILOGS_WRITER_MAX_RECORD_BYTES", QueryConfig.DEFAULT_WRITER_MAX_RECORD_BYTES))) : null;
            return QueryMemory.parts(writer, Long.parseLong(setting.apply("APILOGS_STREAMS_TOTAL_BUFFER_BYTES",
                    QueryConfig.DEFAULT_STREAMS_TOTAL_BUFFER_BYTES)),
                    Long.parseLong(setting.apply("APILOGS_READS_DETAIL_BYTES", QueryConfig.DEFAULT_READS_DETAIL_BYTES)));
        }
    }
}
