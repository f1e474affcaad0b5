package io.apilogs.ingest.limits;

/**
 * Charges a request for the values parsing is about to build from its body (JSON tokens, protobuf fields), before it
 * builds more: the bytes of a body do not bound its trees (a 5 KB gzip body can hold millions of empty objects).
 * Throws {@link io.apilogs.ingest.service.BatchRejected} when the request may not hold that much.
 */
@FunctionalInterface
public interface TreeCharge {
    /** What one token or field of a tree is charged: a Jackson node with its slot in its parent, rounded up. */
    int BYTES_PER_VALUE = 64;

    /** For tests and callers with no budget. */
    TreeCharge NONE = values -> {
    };

    void values(long count);
}
