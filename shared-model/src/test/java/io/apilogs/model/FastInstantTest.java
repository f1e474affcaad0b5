package io.apilogs.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FastInstantTest {
    private static Instant slow(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void readsWhatTheFormatterReadsForRandomInstantsOffsetsAndPrecisions() {
        SplittableRandom random = new SplittableRandom(7);
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            ZoneOffset offset = random.nextInt(3) == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String pattern = List.of("yyyy-MM-dd'T'HH:mm:ssXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
                    "yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX", "yyyy-MM-dd'T'HH:mm:ss.SXXX").get(random.nextInt(5));
            String text = DateTimeFormatter.ofPattern(pattern).format(instant.atOffset(offset));
            Instant read = FastInstant.parse(text);
            if (read != null) {
                fast++;
                assertThat(read).as(text).isEqualTo(slow(text));
            }
            assertThat(Times.parse(text)).as(text).isEqualTo(slow(text) == null ? null : slow(text).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        }
        assertThat(fast).as("four-digit years take the fast path").isGreaterThan(15_000);
    }

    @Test
    void leavesEverythingUnusualOrInvalidToTheFormatter() {
        for (String text : List.of("2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-12-04T24:00:00Z", "2026-12-04T10:60:00Z",
                "2026-12-04T10:00:60Z", "2026-12-04T10:00:00", "2026-12-04t10:00:00z", "2026-12-04T10:00Z", "2026-12-04T10:00:00.Z",
                "2026-12-04T10:00:00.1234567891Z", "2026-12-04T10:00:00+19:00", "2026-12-04T10:00:00+02:00:30", "+12026-12-04T10:00:00Z",
                "2026-12-04 10:00:00Z", "２０２６-12-04T10:00:00Z", "2026-12-04T10:00:00Zjunk")) {
            assertThat(FastInstant.parse(text)).as(text).isNull();
        }
        assertThat(FastInstant.parse("2024-02-29T23:59:59.999999999-18:00")).isEqualTo(slow("2024-02-29T23:59:59.999999999-18:00"));
    }

    @Test
    void theCanonicalMapperReadsInstantsAsBefore() throws Exception {
        record Holder(Instant at) {
        }
        assertThat(Json.CANONICAL.readValue("{\"at\":\"2026-12-04T10:15:30.123456789Z\"}", Holder.class).at())
                .isEqualTo(Instant.parse("2026-12-04T10:15:30.123456789Z"));
        assertThat(Json.CANONICAL.readValue("{\"at\":\"2026-12-04T10:15:30+02:00\"}", Holder.class).at())
                .isEqualTo(Instant.parse("2026-12-04T08:15:30Z"));
        assertThat(Json.CANONICAL.readValue("{\"at\":1764843330.5}", Holder.class).at()).isEqualTo(Instant.parse("2025-12-04T10:15:30.500Z"));
        Instant now = Instant.now();
        assertThat(Json.CANONICAL.readValue(Json.CANONICAL.writeValueAsString(new Holder(now)), Holder.class).at()).isEqualTo(now);
    }
}
