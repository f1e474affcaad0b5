package io.apilogs.query.persistence;

import java.util.List;

/**
 * The NOTIFY payload the writer sends after each batch: which conversations of a workspace changed ({@code c}), and
 * for each the first {@code seq} the batch gave a timeline item there ({@code f}, parallel to {@code c}; 0 when it gave
 * none), so the explorers' live feeds read exactly the new items.
 */
public record Changes(String w, List<String> c, List<Long> f) {
    public Changes {
        f = f == null ? List.of() : f;
    }

    public Changes(String w, List<String> c) {
        this(w, c, null);
    }

    /** The first new seq of the i-th conversation, or 0. */
    public long firstNewSeq(int i) {
        return i < f.size() && f.get(i) != null ? f.get(i) : 0;
    }

    public static final String CHANNEL = "apilogs_changes";
}
