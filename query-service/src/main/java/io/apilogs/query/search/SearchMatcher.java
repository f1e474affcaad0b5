package io.apilogs.query.search;

import io.apilogs.model.search.SearchGrams;
import io.apilogs.model.search.SearchTexts;

import io.apilogs.query.view.SearchMatch;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Checks one item's texts against a content search (issue 26): the item matches when each term is in one of its
 * texts, in the parts the search looks in. The index only narrows the candidates ({@link SearchGrams}); this is what
 * decides, so a result never depends on the index. It also cuts a snippet around the first match in each part, up to
 * {@link #MAX_MATCHES} per item.
 */
public final class SearchMatcher {
    public static final int MAX_MATCHES = 3;
    static final int BEFORE = 60;
    static final int AFTER = 100;

    private final SearchQuery query;
    private final boolean[] found;
    private int foundCount;
    private final List<SearchMatch> matches = new ArrayList<>(MAX_MATCHES);
    private final Set<SearchField> matchedFields = EnumSet.noneOf(SearchField.class);

    public SearchMatcher(SearchQuery query) {
        this.query = query;
        this.found = new boolean[query.folded().size()];
    }

    /** One text of the item, in {@code field}; texts of parts the search does not look in are skipped. */
    public SearchMatcher text(SearchField field, String text) {
        if (text == null || text.isEmpty() || !query.in(field) || done(field)) {
            return this;
        }
        String folded = SearchQuery.fold(text);
        List<String> terms = query.folded();
        for (int t = 0; t < terms.size(); t++) {
            String term = terms.get(t);
            int at = folded.indexOf(term);
            if (at < 0) {
                continue;
            }
            if (!found[t]) {
                found[t] = true;
                foundCount++;
            }
            if (matches.size() < MAX_MATCHES && matchedFields.add(field)) {
                matches.add(snippet(field, text, at, term.length()));
            }
        }
        return this;
    }

    /** Texts of a stored JSON value ({@link SearchTexts}). */
    public SearchMatcher json(SearchField field, String json, boolean structural) {
        if (json != null && query.in(field) && !done(field)) {
            SearchTexts.json(json, structural, text -> text(field, text));
        }
        return this;
    }

    private boolean done(SearchField field) {
        return foundCount == found.length && (matches.size() >= MAX_MATCHES || matchedFields.contains(field));
    }

    public boolean matched() {
        return foundCount == found.length;
    }

    /** The snippets, when {@link #matched()}; otherwise empty. */
    public List<SearchMatch> matches() {
        return matched() ? List.copyOf(matches) : List.of();
    }

    /** About {@link #BEFORE} characters before the match and {@link #AFTER} after it, line breaks shown as spaces. */
    static SearchMatch snippet(SearchField field, String text, int at, int length) {
        int start = Math.max(0, at - BEFORE);
        int end = Math.min(text.length(), at + length + AFTER);
        if (start > 0 && Character.isLowSurrogate(text.charAt(start))) {
            start--;
        }
        if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
            end++;
        }
        StringBuilder out = new StringBuilder(end - start + 2);
        if (start > 0) {
            out.append('…');
        }
        int offset = out.length() - start;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            out.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        }
        if (end < text.length()) {
            out.append('…');
        }
        return new SearchMatch(field.wire, out.toString(), List.of(at + offset, at + length + offset));
    }
}
