package io.apilogs.query.view;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of a conversation's timeline, ordered by startedAt then seq. */
public record TimelinePage(List<TimelineItem> items, String nextCursor,
                           @Schema(description = "the conversation's highest committed seq when the page was read: "
                                   + "a stream opened with ?after=<lastSeq of the first page> misses nothing") long lastSeq) {
}
