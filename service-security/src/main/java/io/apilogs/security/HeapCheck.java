package io.apilogs.security;

/**
 * A service's memory is bounded by bytes (docs/deploy.md, "Memory"): each service adds up what its bounds may hold at
 * once, and refuses to start, with one line, when its heap is smaller than that. A heap too small for the bounds would
 * otherwise fail later, under load, with an OutOfMemoryError.
 */
public final class HeapCheck {
    private static final long MB = 1024 * 1024;

    private HeapCheck() {
    }

    /** One part of what the bounds hold, for the message. */
    public record Part(String name, long bytes) {
    }

    /** The bytes the parts hold together. */
    public static long total(Part... parts) {
        long sum = 0;
        for (Part part : parts) {
            sum += part.bytes();
        }
        return sum;
    }

    /** @throws IllegalStateException when {@code maxHeapBytes} is below what the parts need */
    public static void require(String service, long maxHeapBytes, Part... parts) {
        long needed = total(parts);
        if (maxHeapBytes < needed) {
            StringBuilder detail = new StringBuilder();
            for (Part part : parts) {
                detail.append(detail.length() == 0 ? "" : " + ").append(part.name()).append(' ').append(mb(part.bytes())).append(" MB");
            }
            throw new IllegalStateException(service + " needs a heap of at least " + mb(needed) + " MB for its memory bounds ("
                    + detail + ") but has " + mb(maxHeapBytes) + " MB: raise -Xmx (APILOGS_SERVICE_JAVA_OPTS) or lower the"
                    + " bounds; refusing to start");
        }
    }

    static long mb(long bytes) {
        return (bytes + MB - 1) / MB;
    }
}
