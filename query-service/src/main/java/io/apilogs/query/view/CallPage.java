package io.apilogs.query.view;

import java.util.List;

/** A page of the explorer of calls; {@code nextCursor} is null on the last. */
public record CallPage(List<CallRow> items, String nextCursor) {
}
