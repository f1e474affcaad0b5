package io.apilogs.query.rest;

import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.StreamQuota;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Turns live updates into SSE events, with a comment line at least every 15 s so proxies keep the stream open. At each
 * of those beats the credential that opened the stream is checked again: once its key is revoked, the stream ends.
 */
final class SseEvents {
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private SseEvents() {
    }

    /** {@code opened} is the first comment line, sent at once (for a timeline, it names the stream). */
    static Multi<OutboundSseEvent> events(jakarta.ws.rs.sse.Sse sse, Multi<LiveFeeds.Update> updates, Supplier<Uni<Boolean>> stillAllowed,
                                          String opened) {
        Multi<OutboundSseEvent> data = updates.map(update -> {
            // The view is written by the REST layer's Jackson, exactly as the REST reads write it.
            OutboundSseEvent.Builder builder = sse.newEventBuilder().name(update.event())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(update.data());
            if (update.id() != null) {
                builder.id(update.id());
            }
            return builder.build();
        });
        OutboundSseEvent revoked = sse.newEventBuilder().comment("revoked").build();
        // A tick the stream has no room for (the client is slow to read) is dropped, not an error.
        Multi<OutboundSseEvent> heartbeat = Multi.createFrom().ticks().every(HEARTBEAT).onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> stillAllowed.get())
                .map(allowed -> allowed ? sse.newEventBuilder().comment("keep-alive").build() : revoked);
        // A first comment at once, so clients see the stream open before anything happens.
        Multi<OutboundSseEvent> first = Multi.createFrom().item(() -> sse.newEventBuilder().comment(opened).build());
        // The merge asks each stream for one item at a time (not 128), so updates wait in LiveBuffers, where their bytes
        // are counted and bounded, until the client has taken the previous one.
        return Multi.createBy().concatenating().streams(first, Multi.createBy().merging().withRequests(1).streams(data, heartbeat))
                .select().first(event -> event != revoked);
    }

    /**
     * A stream that holds one of the key's places in {@link StreamQuota} from now until it ends (completion, failure
     * or the client going away); 429 when the key has none left. Call it after every check of the request.
     */
    static Multi<OutboundSseEvent> limited(StreamQuota quota, String keyId, Supplier<Multi<OutboundSseEvent>> stream) {
        quota.acquire(keyId);
        try {
            return stream.get().onTermination().invoke(() -> quota.release(keyId));
        } catch (RuntimeException e) {
            quota.release(keyId);
            throw e;
        }
    }

    /**
     * The stream every SSE endpoint answers: the caller's {@code updates} as events, opened with {@code opened}, ended
     * when the caller's key is revoked, holding one of the key's places in {@link StreamQuota} ({@link #limited}).
     * {@code updates} is called only once the place is held.
     */
    static Multi<OutboundSseEvent> open(jakarta.ws.rs.sse.Sse sse, StreamQuota quota, io.apilogs.query.auth.Caller caller,
                                        io.apilogs.security.KeyStore keys, String opened, Supplier<Multi<LiveFeeds.Update>> updates) {
        return limited(quota, caller.keyId(), () -> events(sse, updates.get(), caller.stillAllowed(keys), opened));
    }

    static long after(String lastEventId, String after) {
        String value = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
        String parameter = lastEventId != null && !lastEventId.isBlank() ? "Last-Event-ID" : "after";
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.badParameter(parameter, "must be a non-negative integer seq");
    }
}
