package io.apilogs.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 in, UTC with {@code Z} and milliseconds out. */
public final class Times {
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** Parses an RFC 3339 timestamp with an offset; returns null when it is not one. Precision is kept to microseconds, like PostgreSQL. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = FastInstant.parse(text);
        if (fast != null) {
            return fast.truncatedTo(ChronoUnit.MICROS);
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String format(Instant instant) {
        return instant == null ? null : OUT.format(instant);
    }

    /** The same format for a database time; null stays null. */
    public static String format(java.time.OffsetDateTime time) {
        return time == null ? null : format(time.toInstant());
    }
}
