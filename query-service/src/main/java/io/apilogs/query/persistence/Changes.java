package io.apilogs.query.persistence;

import java.util.List;

/**
 * The NOTIFY payload the writer sends after each batch: which conversations of a workspace changed ({@code c}), and
 * for each the first and the last {@code seq} the batch gave a timeline item there ({@code f} and {@code l}, parallel
 * to {@code c}; 0 when it gave none), so the explorers' live feeds read exactly the batch's items: a read that runs
 * after a later batch committed must not take that batch's items too.
 */
public record Changes(String w, List<String> c, List<Long> f, List<Long> l) {
    public Changes {
        f = f == null ? List.of() : f;
        l = l == null ? List.of() : l;
    }

    public Changes(String w, List<String> c) {
        this(w, c, null, null);
    }

    /** The first new seq of the i-th conversation, or 0. */
    public long firstNewSeq(int i) {
        return i < f.size() && f.get(i) != null ? f.get(i) : 0;
    }

    /** The last new seq of the i-th conversation; without one (a writer of an earlier version), no bound. */
    public long lastNewSeq(int i) {
        return i < l.size() && l.get(i) != null && l.get(i) > 0 ? l.get(i) : Long.MAX_VALUE;
    }

    public static final String CHANNEL = "apilogs_changes";
}
