package io.apilogs.model.search;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TextKeyCacheTest {
    private static String text(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            int r = random.nextInt(10);
            out.appendCodePoint(r < 6 ? 'a' + random.nextInt(26) : r < 8 ? 'A' + random.nextInt(26) : r < 9 ? 0x4E00 + random.nextInt(300) : 0x1F600 + random.nextInt(50));
        }
        return out.toString();
    }

    @Test
    void aCachedTextGetsTheKeysItWouldGetUncachedAndAHitComparesTheText() {
        TextKeyCache cache = new TextKeyCache(1 << 20);
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            String text = text(random, 300 + random.nextInt(5_000));
            char[] buffer = ("[\"" + text + "\"]").toCharArray();
            int[] direct = SearchGrams.of(text);
            int[] first = new SearchGrams.Collector(16).add(buffer, 2, text.length(), cache).keys();
            int[] again = new SearchGrams.Collector(16).add("pad".toCharArray(), 0, 3).add(buffer, 2, text.length(), cache).keys();
            assertThat(first).containsExactly(direct);
            assertThat(again).containsExactly(new SearchGrams.Collector(16).add("pad").add(text).keys());
        }
        assertThat(cache.hits()).isEqualTo(20);
        assertThat(cache.misses()).isEqualTo(20);
    }

    @Test
    void itStaysWithinItsBytesAndLeavesShortTextsAlone() {
        TextKeyCache cache = new TextKeyCache(64 << 10);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            char[] text = text(random, 1_000 + random.nextInt(2_000)).toCharArray();
            new SearchGrams.Collector(16).add(text, 0, text.length, cache);
            assertThat(cache.bytes()).isLessThanOrEqualTo(64 << 10);
        }
        assertThat(cache.bytes()).isPositive();
        long before = cache.misses();
        char[] shortText = "short text".toCharArray();
        new SearchGrams.Collector(16).add(shortText, 0, shortText.length, cache);
        assertThat(cache.misses()).isEqualTo(before);
    }
}
