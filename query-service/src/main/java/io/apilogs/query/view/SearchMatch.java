package io.apilogs.query.view;

import java.util.List;

/**
 * Where a content search matched an item (issue 26): the part ({@code in=} name), a snippet of the stored text around
 * the match (already redacted at ingest, as the detail view shows it), and the match's {@code [start, end)} in the
 * snippet, in UTF-16 units as JavaScript indexes strings.
 */
public record SearchMatch(String field, String snippet, List<Integer> highlight) {
}
