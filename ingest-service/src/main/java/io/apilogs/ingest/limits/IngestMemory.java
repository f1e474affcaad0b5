package io.apilogs.ingest.limits;

import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.security.HeapCheck;
import io.apilogs.security.MemoryFloor;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.function.BinaryOperator;

/**
 * What ingest-service's bounds hold at once (docs/deploy.md, "Memory"), checked against the heap before the service
 * starts ({@link Floor}, from the environment) and again at startup (from the parsed configuration):
 * <ul>
 *   <li>request bodies, read or inflated ({@code APILOGS_INGEST_INFLIGHT_BYTES}), {@value #BODY_FACTOR} times over:
 *   the bytes read, their copy, the JSON tree and the parser's buffers, the events, their canonical records;</li>
 *   <li>the Kafka producer's buffer ({@code APILOGS_INGEST_PRODUCER_BUFFER_BYTES});</li>
 *   <li>the service itself: {@value #BASE_MB} MB (the live heap after a full GC of an idle service is about 40 MB).</li>
 * </ul>
 * The body budget must hold a gzip body of the largest size and what it inflates to: twice the largest body.
 */
@ApplicationScoped
public class IngestMemory {
    static final int BODY_FACTOR = 6;
    static final long BASE_MB = 64;

    static HeapCheck.Part[] parts(long maxBodyBytes, long inflightBytes, long producerBufferBytes) {
        if (inflightBytes < 2 * maxBodyBytes) {
            throw new IllegalStateException("APILOGS_INGEST_INFLIGHT_BYTES (" + inflightBytes + ") is below twice the largest body"
                    + " (APILOGS_INGEST_MAX_BODY_BYTES, " + maxBodyBytes + "): a gzip body of that size could never be taken;"
                    + " refusing to start");
        }
        return new HeapCheck.Part[] {
                new HeapCheck.Part("service", BASE_MB * 1024 * 1024),
                new HeapCheck.Part("request bodies " + BODY_FACTOR + " x " + inflightBytes / 1024 + " KiB", BODY_FACTOR * inflightBytes),
                new HeapCheck.Part("producer buffer", producerBufferBytes)};
    }

    void onStart(@Observes StartupEvent event, IngestConfig config) {
        HeapCheck.require("ingest-service", Runtime.getRuntime().maxMemory(),
                parts(config.maxBodyBytes(), config.inflightBytes(), config.producerBufferBytes()));
    }

    /** The same, from the environment, before anything starts (see {@code ServiceMain}). */
    public static final class Floor implements MemoryFloor {
        @Override
        public String service() {
            return "ingest-service";
        }

        @Override
        public HeapCheck.Part[] parts(BinaryOperator<String> setting) {
            return IngestMemory.parts(Long.parseLong(setting.apply("APILOGS_INGEST_MAX_BODY_BYTES", IngestConfig.DEFAULT_MAX_BODY_BYTES)),
                    Long.parseLong(setting.apply("APILOGS_INGEST_INFLIGHT_BYTES", IngestConfig.DEFAULT_INFLIGHT_BYTES)),
                    Long.parseLong(setting.apply("APILOGS_INGEST_PRODUCER_BUFFER_BYTES", IngestConfig.DEFAULT_PRODUCER_BUFFER_BYTES)));
        }
    }
}
