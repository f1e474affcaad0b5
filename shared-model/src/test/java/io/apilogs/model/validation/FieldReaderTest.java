package io.apilogs.model.validation;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FieldReaderTest {
    private static final char[] ALPHABET = {'a', 'Z', '7', ' ', 'é', 'ß', 'ع', '中', '€', '\uD83D', '\uDE00', '\uFFFF'};

    @Test
    void theQuickLengthCheckAgreesWithCountingOnEveryKindOfText() {
        SplittableRandom random = new SplittableRandom(7);
        int checks = 0;
        for (int n = 0; n < 3_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String value = text.toString();
            int bytes = FieldReader.utf8Length(value);
            // Every limit where an answer could flip: around the length, the byte count and three times the length.
            for (int max : new int[]{0, length - 1, length, length + 1, bytes - 1, bytes, bytes + 1, 3 * length - 1, 3 * length,
                    3 * length + 1, random.nextInt(700)}) {
                if (max < 0) {
                    continue;
                }
                assertThat(FieldReader.utf8LongerThan(value, max)).as("%s against %d", value, max).isEqualTo(bytes > max);
                checks++;
            }
        }
        assertThat(checks).isGreaterThan(30_000);
    }

    @Test
    void aLongAsciiTextUnderTheLimitIsNotCounted() {
        assertThat(FieldReader.utf8LongerThan("x".repeat(10_000), 1 << 20)).isFalse();
        assertThat(FieldReader.utf8LongerThan("x".repeat((1 << 20) + 1), 1 << 20)).isTrue();
        assertThat(FieldReader.utf8LongerThan("中".repeat(400_000), 1 << 20)).isTrue();
        assertThat(FieldReader.utf8LongerThan("中".repeat(349_525), 1 << 20)).isFalse();
    }
}
