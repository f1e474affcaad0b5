package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of the activity log; {@code nextCursor} is null on the last page. */
public record ConversationPage(List<ConversationView> items, String nextCursor,
                               @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "with q (issue 26): how far the search went")
                               SearchProgress search) {
    public ConversationPage(List<ConversationView> items, String nextCursor) {
        this(items, nextCursor, null);
    }
}
