package io.apilogs.query.view;

import java.util.List;

/** A page of the activity log; {@code nextCursor} is null on the last page. */
public record ConversationPage(List<ConversationView> items, String nextCursor) {
}
