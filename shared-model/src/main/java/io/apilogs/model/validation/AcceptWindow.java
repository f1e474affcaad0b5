package io.apilogs.model.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code startedAt} values the system takes: at most {@code past} before now and at most {@code future} after it.
 * Each month an event falls in gets its own partitions, so without a window one key could create thousands of them
 * (2000-01 to 2099-12) and slow every workspace's reads. Ingest refuses events outside it with a field error; the
 * writer, which must not trust what it reads from Kafka, dead-letters them, measured from the record's own time.
 */
public record AcceptWindow(Duration past, Duration future) {
    /** {@code APILOGS_ACCEPT_PAST_DAYS}: three years back (ingest takes the retention period instead where it is shorter). */
    public static final String DEFAULT_PAST_DAYS = "1098";
    /** {@code APILOGS_ACCEPT_FUTURE}: a day ahead. */
    public static final String DEFAULT_FUTURE = "1d";
    public static final AcceptWindow DEFAULT = new AcceptWindow(Duration.ofDays(Long.parseLong(DEFAULT_PAST_DAYS)), Duration.ofDays(1));

    public AcceptWindow {
        if (past.isNegative() || future.isNegative()) {
            throw new IllegalArgumentException("the accepted window must not be negative: past " + past + ", future " + future);
        }
    }

    /** The window with {@code retentionDays} back instead, when that is set and shorter. */
    public AcceptWindow withRetention(Integer retentionDays) {
        return retentionDays == null || Duration.ofDays(retentionDays).compareTo(past) >= 0 ? this
                : new AcceptWindow(Duration.ofDays(retentionDays), future);
    }

    /** This window with {@code slack} more on both sides: what a later check allows for the clocks and the time between. */
    public AcceptWindow widened(Duration slack) {
        return new AcceptWindow(past.plus(slack), future.plus(slack));
    }

    /** Why {@code at} is outside the window around the server's clock reading {@code now}, or null when it is inside. */
    public String problem(Instant at, Instant now) {
        return problem(at, now, "the server's clock");
    }

    /** The same around {@code now}, which the message calls {@code nowIs} (e.g. "the record's time"). */
    public String problem(Instant at, Instant now, String nowIs) {
        if (at.isAfter(now.plus(future))) {
            return "must be at most " + describe(future) + " after " + nowIs + " (" + now + ")";
        }
        if (at.isBefore(now.minus(past))) {
            return "must be at most " + describe(past) + " before " + nowIs + " (" + now + "); older events are not kept";
        }
        return null;
    }

    private static String describe(Duration d) {
        if (d.toHours() % 24 == 0 && d.toDays() > 0) {
            return d.toDays() == 1 ? "1 day" : d.toDays() + " days";
        }
        return d.toMinutes() % 60 == 0 ? d.toHours() + " hours" : d.toSeconds() + " seconds";
    }
}
