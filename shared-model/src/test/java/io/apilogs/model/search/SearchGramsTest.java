package io.apilogs.model.search;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchGramsTest {
    /** A text and a query it contains, up to case: the index must offer the text for the query, in every script. */
    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource(delimiter = '|', textBlock = """
            The order was Refunded yesterday         | refunded
            Doing step 4 of 12                       | doing STEP
            Café crème, ÉTÉ à Paris                  | été à
            STRASSE und Straße                       | straße
            ΟΔΟΣ και οδος                            | οδοσ
            Η οδός                                   | ΟΔΌΣ
            İstanbul'da bir gün                      | istanbul
            IRMAK ISTANBUL                           | ırmak
            客户要求退款，订单号 123                    | 退款
            注文をキャンセルして返金してください           | 返金
            환불을 요청했습니다                          | 환불
            طلب العميل استرداد المبلغ                  | استرداد
            Thanks 🙏 for the 🎉 party                 | 🎉 PARTY
            if (x != null && y >= 0) { return x; }   | != NULL &&
            emoji pair 👍🏽 skin                          | 👍🏽
            """)
    void aTextIsACandidateForEveryQueryItContains(String text, String query) {
        assertContains(SearchGrams.of(text), SearchGrams.of(query), text + " / " + query);
    }

    @Test
    void aTwoCharacterQueryIsOneKey() {
        assertEquals(1, SearchGrams.of("退款").length);
        assertEquals(1, SearchGrams.of("Ab").length);
        assertArrayEquals(SearchGrams.of("ab"), SearchGrams.of("AB"));
    }

    @Test
    void shortTextsHaveNoKeys() {
        assertEquals(0, SearchGrams.of("").length);
        assertEquals(0, SearchGrams.of("x").length);
        assertEquals(0, SearchGrams.of("🎉").length, "one emoji is one character, two chars in Java");
    }

    @Test
    void keysAreDistinctAndSorted() {
        int[] keys = SearchGrams.of("abababab abab");
        int[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, keys);
        assertEquals(4, keys.length, "ab, ba, b' ', ' 'a");
        assertEquals(Arrays.stream(keys).distinct().count(), keys.length);
    }

    @Test
    void aTextWithoutTheQuerysPairsIsNotACandidate() {
        assertFalse(contains(SearchGrams.of("the order shipped"), SearchGrams.of("refund")));
        assertFalse(contains(SearchGrams.of("客户要求退货"), SearchGrams.of("退款")));
    }

    /** Random texts in mixed scripts; every substring, with its case changed at random, keeps the superset property. */
    @Test
    void everySubstringInAnyCaseIsACandidate() {
        String alphabet = "abcXYZéÉßσςΣİı退款返金환불استرداد🎉👍🏽 \t\n{}<>&\"'0123456789ǅǆǄ";
        int[] points = alphabet.codePoints().toArray();
        SplittableRandom random = new SplittableRandom(26);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int n = 2 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                text.appendCodePoint(points[random.nextInt(points.length)]);
            }
            int[] cps = text.codePoints().toArray();
            int from = random.nextInt(cps.length - 1);
            int to = from + 2 + random.nextInt(cps.length - from - 1);
            StringBuilder query = new StringBuilder();
            for (int i = from; i < Math.min(to, cps.length); i++) {
                int c = cps[i];
                query.appendCodePoint(switch (random.nextInt(3)) {
                    case 0 -> Character.toUpperCase(c);
                    case 1 -> Character.toLowerCase(c);
                    default -> Character.toTitleCase(c);
                });
            }
            assertContains(SearchGrams.of(text), SearchGrams.of(query), text + " / " + query);
        }
    }

    /** The open-addressing set against a plain HashSet, on texts long enough to make it grow, NUL pairs (key 0) included. */
    @Test
    void keysAreExactlyTheDistinctFoldedPairs() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 50; round++) {
            StringBuilder text = new StringBuilder();
            int n = 1_000 + random.nextInt(20_000);
            for (int i = 0; i < n; i++) {
                int r = random.nextInt(100);
                if (r == 99) {
                    text.append(random.nextBoolean() ? '\uD83D' : '\uDE00');
                } else {
                    text.appendCodePoint(r < 3 ? 0 : r < 40 ? 'a' + random.nextInt(26) : r < 60 ? 'A' + random.nextInt(26) : r < 90 ? 0x4E00 + random.nextInt(400)
                            : r < 95 ? 0xC0 + random.nextInt(200) : 0x1F300 + random.nextInt(200));
                }
            }
            java.util.Set<Integer> expected = new java.util.TreeSet<>();
            int[] points = text.codePoints().map(SearchGrams::fold).toArray();
            for (int i = 1; i < points.length; i++) {
                expected.add(points[i - 1] << 16 | points[i]);
            }
            int[] reference = expected.stream().mapToInt(Integer::intValue).sorted().toArray();
            assertArrayEquals(reference, SearchGrams.of(text), "round " + round);
            char[] chars = ("xy" + text + "z").toCharArray();
            assertArrayEquals(reference, new SearchGrams.Collector(16).add(chars, 2, text.length()).keys(), "char[] slice, round " + round);
        }
    }

    @Test
    void aMegabyteOfTextIsIndexed() {
        StringBuilder text = new StringBuilder();
        SplittableRandom random = new SplittableRandom(1);
        while (text.length() < 1 << 20) {
            text.appendCodePoint(0x4E00 + random.nextInt(3000));
        }
        int[] keys = SearchGrams.of(text);
        assertTrue(keys.length > 100_000, "distinct CJK pairs: " + keys.length);
        assertContains(keys, SearchGrams.of(text.substring(500_000, 500_010)), "a slice");
    }

    private static void assertContains(int[] text, int[] query, String what) {
        assertTrue(contains(text, query), what);
    }

    private static boolean contains(int[] sortedText, int[] query) {
        for (int key : query) {
            if (Arrays.binarySearch(sortedText, key) < 0) {
                return false;
            }
        }
        return true;
    }
}
