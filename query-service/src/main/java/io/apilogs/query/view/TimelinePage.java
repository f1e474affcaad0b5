package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of a conversation's timeline, ordered by startedAt then seq. */
public record TimelinePage(List<TimelineItem> items, String nextCursor,
                           @Schema(description = "the conversation's highest committed seq when the page was read: "
                                   + "a stream opened with ?after=<lastSeq of the first page> misses nothing") long lastSeq,
                           @JsonInclude(JsonInclude.Include.NON_NULL)
                           @Schema(description = "beyond API.md, on a first page that has more to come: the cursors where the "
                                   + "following pages of this limit start (at most 100), so a client can ask for them at once. "
                                   + "A page cut short by its size ends with a nextCursor before the next one's start")
                           List<String> pageCursors,
                           @JsonInclude(JsonInclude.Include.NON_NULL)
                           @Schema(description = "beyond API.md, on a first page with pageCursors read with ?item=<kind>:<id>: which "
                                   + "page holds that item (0: this one; n: the page starting at pageCursors[n-1]), so a client "
                                   + "following a link to it can read that page first. Absent when the item is not in the conversation")
                           Integer itemPage) {
}
