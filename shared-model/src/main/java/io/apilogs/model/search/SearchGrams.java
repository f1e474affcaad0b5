package io.apilogs.model.search;

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
        /** The pairs of two ASCII characters, one bit each (128 x 128): most pairs of most text, set without hashing. */
        private final long[] ascii = new long[128 * 128 / 64];

        public Collector(int expectedLength) {
            keys = new IntSet(Math.min(Math.max(expectedLength, 16), 512));
        }

        public Collector add(CharSequence text) {
            if (text == null) {
                return this;
            }
            int length = text.length();
            int previous = -1;
            for (int i = 0; i < length; i++) {
                char ch = text.charAt(i);
                int folded;
                if (ch < 128) {
                    folded = ASCII[ch];
                } else if (Character.isHighSurrogate(ch) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    folded = fold(Character.toCodePoint(ch, text.charAt(++i)));
                } else {
                    folded = fold(ch);
                }
                pair(previous, folded);
                previous = folded;
            }
            return this;
        }

        /** The same as {@link #add(CharSequence)} for a slice of a char array (a JSON parser's buffer, with no copy). */
        public Collector add(char[] text, int offset, int length) {
            int end = offset + length;
            int previous = -1;
            for (int i = offset; i < end; i++) {
                char ch = text[i];
                int folded;
                if (ch < 128) {
                    folded = ASCII[ch];
                } else if (Character.isHighSurrogate(ch) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                    folded = fold(Character.toCodePoint(ch, text[++i]));
                } else {
                    folded = fold(ch);
                }
                pair(previous, folded);
                previous = folded;
            }
            return this;
        }

        /** The same as {@link #add(char[], int, int)}, by way of a cache of texts seen before. */
        public Collector add(char[] text, int offset, int length, TextKeyCache cache) {
            int[] cached = cache == null ? null : cache.keys(text, offset, length);
            if (cached == null) {
                return add(text, offset, length);
            }
            for (int key : cached) {
                pair(key >>> 16, key & 0xFFFF);
            }
            return this;
        }

        private void pair(int previous, int folded) {
            if (previous < 0) {
                return;
            }
            if ((previous | folded) < 128) {
                int bit = previous << 7 | folded;
                ascii[bit >>> 6] |= 1L << bit;
            } else {
                keys.add(previous << 16 | folded);
            }
        }

        /** The distinct keys so far, sorted. */
        public int[] keys() {
            int asciiCount = 0;
            for (long word : ascii) {
                asciiCount += Long.bitCount(word);
            }
            int[] others = keys.toArray();
            int[] sorted = Arrays.copyOf(others, others.length + asciiCount);
            int n = others.length;
            for (int w = 0; w < ascii.length; w++) {
                for (long word = ascii[w]; word != 0; word &= word - 1) {
                    int bit = w << 6 | Long.numberOfTrailingZeros(word);
                    sorted[n++] = (bit >>> 7) << 16 | (bit & 127);
                }
            }
            Arrays.sort(sorted);
            return sorted;
        }

        public boolean isEmpty() {
            if (keys.size != 0 || keys.hasZero) {
                return false;
            }
            for (long word : ascii) {
                if (word != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** ASCII folded, looked up: most text of most traffic is ASCII, and this is the writer's hottest loop. */
    private static final int[] ASCII = new int[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII[c] = fold(c);
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
