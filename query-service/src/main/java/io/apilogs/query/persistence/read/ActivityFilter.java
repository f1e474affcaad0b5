package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/**
 * The activity-log filter of API.md: inclusive days cut in {@code tz}, assistants and models ORed within a parameter,
 * a literal subject substring. Every bad value is a 400 that names its parameter.
 */
public record ActivityFilter(Instant from, Instant toExclusive, ZoneId zone, List<String> assistants, List<String> models,
                             String q) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    public static ActivityFilter parse(String from, String to, String tz, List<String> assistants, List<String> models, String q) {
        ZoneId zone = zone(tz);
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            throw new InvalidInput("from", "must not be after to");
        }
        if (q != null && q.length() > 500) {
            throw new InvalidInput("q", "must be at most 500 characters");
        }
        return new ActivityFilter(
                fromDay == null ? null : fromDay.atStartOfDay(zone).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(zone).toInstant(),
                zone,
                clean(assistants), clean(models), q == null || q.isEmpty() ? null : q);
    }

    /**
     * An IANA zone id, and only that: Java reads {@code GMT+14} as UTC+14 and PostgreSQL (POSIX) as UTC-14, so an
     * offset form would cut days 28 hours apart in Java and in SQL. The ids both read alike are tzdata's names.
     */
    public static ZoneId zone(String tz) {
        if (tz == null || tz.isEmpty()) {
            return ZoneId.of("UTC");
        }
        if (!ZoneId.getAvailableZoneIds().contains(tz)) {
            throw new InvalidInput("tz", "is not a known IANA time zone (such as Europe/Paris or UTC; for a fixed offset use"
                    + " tzdata's Etc/GMT-14 form, not GMT+14 or +14:00, which SQL reads the other way round)");
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new InvalidInput("tz", "is not a known IANA time zone");
        }
    }

    public static LocalDate day(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value, DAY);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(parameter, "must be a valid date YYYY-MM-DD");
        }
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isEmpty()).toList();
    }

    /** {@code q} as an ILIKE pattern that matches the literal text, wildcards escaped. */
    public String likePattern() {
        return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
