package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.TimelineItem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What live streams hold for clients that have not read it yet, bounded in items and in bytes: per subscriber
 * ({@code itemsPerSubscriber}, {@code bytesPerSubscriber}) and across all of them ({@code totalBytes}). An update
 * that would pass a bound ends that subscriber's stream with a {@link BackPressureFailure} instead (a timeline client
 * resumes with {@code Last-Event-ID}, losing nothing). A subscriber holding nothing always takes one update, however
 * large, unless other streams hold the whole total, so a single large item never stalls a stream. Sizes are
 * estimates of the JSON sent, from the items' variable parts. The bounds hold what waits for a client; the update a
 * client has taken is being written to its socket.
 */
final class LiveBuffers {
    private final int itemsPerSubscriber;
    private final long bytesPerSubscriber;
    private final long totalBytes;
    private final AtomicLong total = new AtomicLong();

    LiveBuffers(int itemsPerSubscriber, long bytesPerSubscriber, long totalBytes) {
        this.itemsPerSubscriber = itemsPerSubscriber;
        this.bytesPerSubscriber = bytesPerSubscriber;
        this.totalBytes = totalBytes;
    }

    /** Bytes held for all subscribers of this replica. */
    long totalHeld() {
        return total.get();
    }

    /**
     * One subscriber's side: emits through {@link #emit}, and {@link #bounded} wraps its stream. Its methods hold its
     * lock, so an update emitted while the stream ends is either counted and given back, or not counted at all.
     */
    final class Buffer {
        private final MultiEmitter<? super LiveFeeds.Update> emitter;
        private long held;
        private long items;
        private boolean ended;

        Buffer(MultiEmitter<? super LiveFeeds.Update> emitter) {
            this.emitter = emitter;
        }

        /** Registers what to do when the stream ends, however it ends. */
        void onTermination(Runnable action) {
            emitter.onTermination(action);
        }

        /** Emits, or ends the stream when the update does not fit; false once the stream is ended. */
        boolean emit(LiveFeeds.Update update) {
            long size = update.bytes();
            synchronized (this) {
                if (ended || emitter.isCancelled()) {
                    return false;
                }
                boolean fits = items == 0
                        ? total.get() == 0 || total.get() + size <= totalBytes
                        : items < itemsPerSubscriber && held + size <= bytesPerSubscriber && total.get() + size <= totalBytes;
                if (fits) {
                    held += size;
                    items++;
                    total.addAndGet(size);
                }
                if (!fits) {
                    endLocked();
                }
                if (fits) {
                    emitter.emit(update);
                    return true;
                }
            }
            emitter.fail(new BackPressureFailure("the client reads too slowly: updates are waiting for it beyond the bounds of"
                    + " this stream (" + itemsPerSubscriber + " updates, " + bytesPerSubscriber + " bytes) or of all streams ("
                    + totalBytes + " bytes)"));
            return false;
        }

        private synchronized void taken(LiveFeeds.Update update) {
            if (!ended) {
                held -= update.bytes();
                items--;
                total.addAndGet(-update.bytes());
            }
        }

        /** Gives back what the subscriber still held when its stream ended. */
        private synchronized void ended() {
            endLocked();
        }

        private void endLocked() {
            if (!ended) {
                ended = true;
                total.addAndGet(-held);
                held = 0;
                items = 0;
            }
        }
    }

    /**
     * The stream of a subscriber whose buffer {@code install} receives. Mutiny's own overflow buffer sits one item
     * above {@link Buffer#emit}'s bound, which is what ends a slow stream.
     */
    Multi<LiveFeeds.Update> bounded(java.util.function.Consumer<Buffer> install) {
        Buffer[] buffer = new Buffer[1];
        return Multi.createFrom().<LiveFeeds.Update>emitter(emitter -> {
                    buffer[0] = new Buffer(emitter);
                    install.accept(buffer[0]);
                }, io.smallrye.mutiny.subscription.BackPressureStrategy.ERROR)
                .onOverflow().buffer(itemsPerSubscriber + 1)
                .onItem().invoke(update -> buffer[0].taken(update))
                .onTermination().invoke(() -> {
                    if (buffer[0] != null) {
                        buffer[0].ended();
                    }
                });
    }

    /** An estimate of an update's JSON size: a fixed part plus its texts. */
    static long estimate(Object data) {
        if (data instanceof TimelineItem.LlmCall call) {
            long size = 600 + length(call.model()) + length(call.stopReason()) + json(call.error());
            if (call.toolCalls() != null) {
                for (TimelineItem.ToolCallRef ref : call.toolCalls()) {
                    size += 40 + length(ref.id()) + length(ref.name());
                }
            }
            return size;
        }
        if (data instanceof TimelineItem.ToolExecution tool) {
            return 250 + length(tool.toolName()) + length(tool.toolCallId()) + json(tool.error());
        }
        if (data instanceof TimelineItem.HttpRequest http) {
            return 300 + length(http.url()) + length(http.toolCallId()) + json(http.error());
        }
        if (data instanceof ConversationView view) {
            return 1024 + 2L * length(view.subject());
        }
        return 1024;
    }

    private static long length(String text) {
        // UTF-16 units; a non-Latin character is up to 3 bytes of UTF-8, so count them a little heavier.
        return text == null ? 0 : 2L * text.length();
    }

    private static long json(JsonNode node) {
        return node == null ? 0 : 2L * node.toString().length();
    }
}
