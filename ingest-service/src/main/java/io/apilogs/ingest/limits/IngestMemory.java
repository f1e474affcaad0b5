package io.apilogs.ingest.limits;

import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.security.HeapCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What ingest-service's bounds hold at once (docs/deploy.md, "Memory"), checked against the heap at start:
 * <ul>
 *   <li>request bodies, read or inflated ({@code APILOGS_INGEST_INFLIGHT_BYTES}), {@value #BODY_FACTOR} times over:
 *   the bytes read, their copy, the JSON tree and the parser's buffers, the events, their canonical records;</li>
 *   <li>the Kafka producer's buffer ({@code APILOGS_INGEST_PRODUCER_BUFFER_BYTES});</li>
 *   <li>the service itself: {@value #BASE_MB} MB (the live heap after GC of an idle service is about 40 MB).</li>
 * </ul>
 */
@ApplicationScoped
public class IngestMemory {
    static final int BODY_FACTOR = 6;
    static final long BASE_MB = 64;

    static HeapCheck.Part[] parts(IngestConfig config) {
        return new HeapCheck.Part[] {
                new HeapCheck.Part("service", BASE_MB * 1024 * 1024),
                new HeapCheck.Part("request bodies " + BODY_FACTOR + " x " + config.inflightBytes() / 1024 + " KiB",
                        BODY_FACTOR * config.inflightBytes()),
                new HeapCheck.Part("producer buffer", config.producerBufferBytes())};
    }

    void onStart(@Observes StartupEvent event, IngestConfig config) {
        if (config.inflightBytes() < config.maxBodyBytes()) {
            throw new IllegalStateException("APILOGS_INGEST_INFLIGHT_BYTES (" + config.inflightBytes() + ") is below the largest body"
                    + " (APILOGS_INGEST_MAX_BODY_BYTES, " + config.maxBodyBytes() + "): such a body could never be taken; refusing to start");
        }
        HeapCheck.require("ingest-service", Runtime.getRuntime().maxMemory(), parts(config));
    }
}
