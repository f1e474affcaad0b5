package io.apilogs.query.persistence;

import java.util.List;

/** The NOTIFY payload the writer sends after each batch: which conversations of a workspace changed. */
public record Changes(String w, List<String> c) {
    public static final String CHANNEL = "apilogs_changes";
}
