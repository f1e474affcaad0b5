package io.apilogs.query.search;

import java.util.Arrays;

/**
 * The keys of the content search index (issue 26): every pair of neighbouring characters of a text, case-folded, as
 * one int. A text contains a query only if its keys include all of the query's, so the index finds candidates in any
 * script without a language configuration or the database's {@code LC_CTYPE}, two-character queries included (a
 * two-character Chinese word is one key); the candidates are then checked for the literal substring.
 *
 * <p>Folding is per code point, {@code toLowerCase(toUpperCase(c))}, so that a text and a query that differ only in
 * case get the same keys, final sigma included ({@code ς} and {@code σ} both fold to {@code σ}; Turkish {@code İ} folds
 * to {@code i}). The check of the candidates must fold per code point too: a full lowercase (ICU's, or
 * {@code String.toLowerCase}) turns {@code İ} into two characters, {@code i} and U+0307. Two characters of
 * the Basic Multilingual Plane make the key exactly (16 bits each); a character beyond it (an emoji) is folded into
 * 16 bits, so its keys may collide with others'. A collision only adds a candidate, which the check then drops: the
 * index never misses a text that contains the query.
 */
public final class SearchGrams {
    private SearchGrams() {
    }

    /** The distinct keys of {@code text}, sorted; empty when it has fewer than two characters. */
    public static int[] of(CharSequence text) {
        Collector keys = new Collector(text.length());
        keys.add(text);
        return keys.keys();
    }

    /** A code point with its case folded: {@code toLowerCase(toUpperCase(c))}, one code point for one. */
    public static int foldCodePoint(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /**
     * The keys of several texts at once (the fields and JSON strings of one item): each text adds its own pairs, and no
     * pair spans two texts, so a query matches within one text.
     */
    public static final class Collector {
        private final IntSet keys;

        public Collector(int expectedLength) {
            keys = new IntSet(Math.min(Math.max(expectedLength, 16), 512));
        }

        public Collector add(CharSequence text) {
            if (text == null) {
                return this;
            }
            int length = text.length();
            int previous = -1;
            for (int i = 0; i < length; ) {
                int c = Character.codePointAt(text, i);
                i += Character.charCount(c);
                int folded = fold(c);
                if (previous >= 0) {
                    keys.add(previous << 16 | folded);
                }
                previous = folded;
            }
            return this;
        }

        /** The distinct keys so far, sorted. */
        public int[] keys() {
            int[] sorted = keys.toArray();
            Arrays.sort(sorted);
            return sorted;
        }

        public boolean isEmpty() {
            return keys.size == 0 && !keys.hasZero;
        }
    }

    /** One character folded to 16 bits: its case folded, and a character beyond the BMP mixed into 16 bits. */
    static int fold(int codePoint) {
        int folded = foldCodePoint(codePoint);
        return folded <= 0xFFFF ? folded : (folded ^ (folded >>> 16) * 0x9E37) & 0xFFFF;
    }

    /** An open-addressing set of ints (no boxing): texts run to a megabyte. */
    private static final class IntSet {
        private int[] slots;
        private boolean hasZero;
        private int size;

        IntSet(int expected) {
            slots = new int[Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1];
        }

        void add(int key) {
            if (key == 0) {
                hasZero = true;
                return;
            }
            int mask = slots.length - 1;
            int i = mix(key) & mask;
            while (slots[i] != 0) {
                if (slots[i] == key) {
                    return;
                }
                i = (i + 1) & mask;
            }
            slots[i] = key;
            if (++size * 2 > slots.length) {
                grow();
            }
        }

        private void grow() {
            int[] old = slots;
            slots = new int[old.length * 2];
            size = 0;
            for (int key : old) {
                if (key != 0) {
                    add(key);
                }
            }
        }

        int[] toArray() {
            int[] out = new int[size + (hasZero ? 1 : 0)];
            int n = 0;
            for (int key : slots) {
                if (key != 0) {
                    out[n++] = key;
                }
            }
            if (hasZero) {
                out[n] = 0;
            }
            return out;
        }

        private static int mix(int key) {
            int h = key * 0x9E3779B9;
            return h ^ (h >>> 16);
        }
    }
}
