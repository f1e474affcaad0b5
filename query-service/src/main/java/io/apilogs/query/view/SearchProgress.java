package io.apilogs.query.view;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How far a content search went (issue 26), on each page of a list read with {@code q}. A search reads newest first and
 * answers as soon as its page is full; one that would read more than its bound answers with what it found instead, and
 * says down to when it searched. Its {@code nextCursor} goes on from there.
 */
public record SearchProgress(
        @Schema(description = "false when the bound stopped the search before the page was full: go on with nextCursor")
        boolean complete,
        @Schema(description = "when complete is false: every item that started at or after this time was searched; else null")
        String searchedUpTo) {
    public static final SearchProgress COMPLETE = new SearchProgress(true, null);
}
