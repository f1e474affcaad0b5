package io.apilogs.query.search;

import io.apilogs.model.search.SearchGrams;

import io.apilogs.query.InvalidInput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A content search (issue 26): {@code q} and the parts it looks in ({@code in}). Without double quotes {@code q} is one
 * literal substring, spaces and all ({@code Doing step}). With them, each quoted phrase and each word outside quotes is
 * a term of its own, and an item matches when it contains every term ({@code "order 123" refund}). Terms match
 * case-insensitively in every script, by case folding per character ({@link SearchGrams#foldCodePoint}).
 *
 * @param terms  the terms as given
 * @param folded the terms case-folded, in the same order
 * @param fields where to look; never empty
 * @param keys   the index keys every matching text has ({@link SearchGrams}): the union of the terms' keys
 */
public record SearchQuery(List<String> terms, List<String> folded, Set<SearchField> fields, int[] keys) {
    static final int MAX_TERMS = 10;

    /** The search of {@code q} and {@code in}, or null when {@code q} has no term (absent, blank, or only quotes). */
    public static SearchQuery parse(String q, List<String> in) {
        Set<SearchField> fields = fields(in);
        if (q == null || q.isBlank()) {
            if (fields != null) {
                throw new InvalidInput("in", "narrows q, which is missing");
            }
            return null;
        }
        if (q.length() > 500) {
            throw new InvalidInput("q", "must be at most 500 characters");
        }
        List<String> terms = terms(q);
        if (terms.isEmpty()) {
            return null;
        }
        if (terms.size() > MAX_TERMS) {
            throw new InvalidInput("q", "must have at most " + MAX_TERMS + " terms (quoted phrases and words beside them)");
        }
        List<String> folded = new ArrayList<>();
        SearchGrams.Collector keys = new SearchGrams.Collector(q.length());
        for (String term : terms) {
            folded.add(fold(term));
            keys.add(term);
        }
        return new SearchQuery(List.copyOf(terms), List.copyOf(folded), fields == null ? SearchField.all() : fields, keys.keys());
    }

    /** Whether the search looks in this part. */
    public boolean in(SearchField field) {
        return fields.contains(field);
    }

    /** A text with its case folded per code point; a code point folds to one code point of the same length in UTF-16. */
    public static String fold(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int folded = SearchGrams.foldCodePoint(c);
            if (folded != c && Character.charCount(folded) == Character.charCount(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                if (Character.charCount(c) == 1) {
                    out.setCharAt(i, (char) folded);
                } else {
                    out.setCharAt(i, Character.highSurrogate(folded));
                    out.setCharAt(i + 1, Character.lowSurrogate(folded));
                }
            }
            i += Character.charCount(c);
        }
        return out == null ? text : out.toString();
    }

    static List<String> terms(String q) {
        if (q.indexOf('"') < 0) {
            String trimmed = q.strip();
            return trimmed.isEmpty() ? List.of() : List.of(trimmed);
        }
        List<String> terms = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (c == '"') {
                int end = q.indexOf('"', i + 1);
                String phrase = q.substring(i + 1, end < 0 ? q.length() : end);
                if (!phrase.isBlank()) {
                    terms.add(phrase);
                }
                i = end < 0 ? q.length() : end + 1;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                int end = i;
                while (end < q.length() && q.charAt(end) != '"' && !Character.isWhitespace(q.charAt(end))) {
                    end++;
                }
                terms.add(q.substring(i, end));
                i = end;
            }
        }
        return terms.stream().distinct().toList();
    }

    private static Set<SearchField> fields(List<String> in) {
        if (in == null) {
            return null;
        }
        Set<SearchField> fields = EnumSet.noneOf(SearchField.class);
        for (String value : in) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            for (String name : value.split(",")) {
                SearchField field = SearchField.fromWire(name.strip());
                if (field == null) {
                    List<String> names = new ArrayList<>();
                    for (SearchField f : SearchField.values()) {
                        names.add(f.wire);
                    }
                    throw new InvalidInput("in", "must name parts among " + String.join(", ", names) + "; got " + name.strip());
                }
                fields.add(field);
            }
        }
        return fields.isEmpty() ? null : Collections.unmodifiableSet(fields);
    }
}
