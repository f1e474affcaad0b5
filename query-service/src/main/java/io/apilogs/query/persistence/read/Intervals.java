package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The intervals of an analytics range in the viewer's zone (issue 27): hours, days or ISO weeks (from Monday), as
 * PostgreSQL's {@code date_trunc(unit, t, zone)} cuts them. Chosen from the range when not given: hours up to 3 days,
 * days up to 92, weeks beyond.
 */
public enum Intervals {
    HOUR("hour"), DAY("day"), WEEK("week");

    /** Points per line at most: a year of days, or three months of hours. */
    public static final int MAX_POINTS = 2_200;

    public final String wire;

    Intervals(String wire) {
        this.wire = wire;
    }

    /** {@code interval} as sent (null or empty: chosen from the range), or a 400 naming it. */
    public static Intervals of(String interval, Instant from, Instant toExclusive) {
        if (interval == null || interval.isEmpty() || interval.equals("auto")) {
            Duration span = Duration.between(from, toExclusive);
            return span.compareTo(Duration.ofDays(3)) <= 0 ? HOUR : span.compareTo(Duration.ofDays(92)) <= 0 ? DAY : WEEK;
        }
        for (Intervals value : values()) {
            if (value.wire.equals(interval)) {
                return value;
            }
        }
        throw new InvalidInput("interval", "must be hour, day, week or auto");
    }

    /** The starts of the intervals that meet [from, toExclusive), the first at or before {@code from}. */
    public List<Instant> starts(Instant from, Instant toExclusive, ZoneId zone) {
        List<Instant> starts = new ArrayList<>();
        ZonedDateTime at = truncate(from.atZone(zone));
        while (at.toInstant().isBefore(toExclusive)) {
            if (starts.size() == MAX_POINTS) {
                throw new InvalidInput("interval", "gives more than " + MAX_POINTS + " points over this range: choose a longer"
                        + " interval or a shorter range");
            }
            starts.add(at.toInstant());
            at = next(at);
        }
        return starts;
    }

    /** The start of the interval that holds {@code at}. */
    ZonedDateTime truncate(ZonedDateTime at) {
        return switch (this) {
            // Hours of the zone: in a whole-hour zone these are UTC hours; in India's +05:30 they start at :30 UTC.
            case HOUR -> at.truncatedTo(ChronoUnit.HOURS);
            case DAY -> at.toLocalDate().atStartOfDay(at.getZone());
            case WEEK -> at.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(at.getZone());
        };
    }

    ZonedDateTime next(ZonedDateTime at) {
        return switch (this) {
            // By the instant, so a DST change gives a 23- or 25-point day, as date_trunc('hour', t, zone) does.
            case HOUR -> at.plusHours(1).withZoneSameInstant(at.getZone());
            case DAY -> at.plusDays(1).toLocalDate().atStartOfDay(at.getZone());
            case WEEK -> at.plusWeeks(1).toLocalDate().atStartOfDay(at.getZone());
        };
    }

    /** The SQL of the interval's start for a timestamptz {@code column}, in the zone bound as {@code zoneParam}. */
    String sql(String column, String zoneParam) {
        return "date_trunc('" + wire + "', " + column + ", " + zoneParam + ")";
    }
}
