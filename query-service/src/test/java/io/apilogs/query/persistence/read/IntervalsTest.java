package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntervalsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void theIntervalFollowsTheRange() {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        assertThat(Intervals.of(null, from, from.plusSeconds(3 * 86_400))).isEqualTo(Intervals.HOUR);
        assertThat(Intervals.of("", from, from.plusSeconds(3 * 86_400 + 1))).isEqualTo(Intervals.DAY);
        assertThat(Intervals.of("auto", from, from.plusSeconds(92L * 86_400))).isEqualTo(Intervals.DAY);
        assertThat(Intervals.of(null, from, from.plusSeconds(93L * 86_400))).isEqualTo(Intervals.WEEK);
        assertThat(Intervals.of("hour", from, from.plusSeconds(30L * 86_400))).isEqualTo(Intervals.HOUR);
        assertThatThrownBy(() -> Intervals.of("minute", from, from)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("hour, day, week or auto");
    }

    @Test
    void daysFollowTheZoneAcrossADstChange() {
        // Berlin leaves summer time on 2026-10-25: that day has 25 hours.
        Instant from = Instant.parse("2026-10-23T22:00:00Z");
        Instant to = Instant.parse("2026-10-26T23:00:00Z");
        assertThat(Intervals.DAY.starts(from, to, BERLIN)).containsExactly(Instant.parse("2026-10-23T22:00:00Z"),
                Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z"));
        List<Instant> hours = Intervals.HOUR.starts(Instant.parse("2026-10-24T22:00:00Z"), Instant.parse("2026-10-25T23:00:00Z"), BERLIN);
        assertThat(hours).hasSize(25);
        assertThat(hours.get(2)).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(hours.get(3)).isEqualTo(Instant.parse("2026-10-25T01:00:00Z"));
    }

    @Test
    void weeksStartOnMondayBeforeTheRange() {
        // 2026-12-02 is a Wednesday; its week starts on Monday 2026-11-30.
        List<Instant> weeks = Intervals.WEEK.starts(Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-15T00:00:00Z"),
                ZoneId.of("UTC"));
        assertThat(weeks).containsExactly(Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z"),
                Instant.parse("2026-12-14T00:00:00Z"));
    }

    @Test
    void hoursInAHalfHourZoneStartAtTheHalfHour() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        List<Instant> hours = Intervals.HOUR.starts(Instant.parse("2026-12-01T18:30:00Z"), Instant.parse("2026-12-01T21:30:00Z"), kolkata);
        assertThat(hours).containsExactly(Instant.parse("2026-12-01T18:30:00Z"), Instant.parse("2026-12-01T19:30:00Z"),
                Instant.parse("2026-12-01T20:30:00Z"));
    }

    @Test
    void tooManyPointsIsA400NamingTheInterval() {
        assertThatThrownBy(() -> Intervals.HOUR.starts(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
                ZoneId.of("UTC"))).isInstanceOf(InvalidInput.class).hasMessageContaining("2200 points");
    }
}
