package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.search.SearchQuery;
import io.apilogs.query.view.ConversationView;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/**
 * The activity-log filter of API.md: inclusive days cut in {@code tz}, assistants and models ORed within a parameter,
 * a literal subject substring ({@code subject}; {@code q} before issue 26), a content search (issue 26, applied by
 * the search, not by {@link #where}), and (issue 25) {@code status}: with or without errors. Every bad value is a 400 that
 * names its parameter.
 * <p>
 * What a filter matches is written here once, twice over: as SQL over conversations {@code c} ({@link #where}), for
 * lists and facets, and as a predicate on a row ({@link #matches}), for live streams. {@code FilterMatchTest} runs
 * one table of cases through both.
 */
public record ActivityFilter(Instant from, Instant toExclusive, ZoneId zone, List<String> assistants, List<String> models,
                             String subject, Boolean errors, FilterRanges ranges, List<String> tools, LabelFilter labels,
                             SearchQuery search) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    public static ActivityFilter parse(String from, String to, String tz, List<String> assistants, List<String> models, String subject) {
        return parse(from, to, tz, assistants, models, subject, null, FilterRanges.NONE);
    }

    /** With {@code status}: {@code error} (conversations with at least one error) or {@code ok} (none), or null. */
    public static ActivityFilter parse(String from, String to, String tz, List<String> assistants, List<String> models, String subject,
                                       String status, FilterRanges ranges) {
        Boolean errors = status == null || status.isEmpty() ? null : switch (status) {
            case "error" -> Boolean.TRUE;
            case "ok" -> Boolean.FALSE;
            default -> throw new InvalidInput("status", "must be error or ok");
        };
        ZoneId zone = zone(tz);
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            throw new InvalidInput("from", "must not be after to");
        }
        if (subject != null && subject.length() > 500) {
            throw new InvalidInput("subject", "must be at most 500 characters");
        }
        return new ActivityFilter(
                fromDay == null ? null : fromDay.atStartOfDay(zone).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(zone).toInstant(),
                zone,
                clean(assistants), clean(models), subject == null || subject.isEmpty() ? null : subject, errors,
                ranges == null ? FilterRanges.NONE : ranges, List.of(), LabelFilter.NONE, null);
    }

    /** The same filter, also matching only conversations that called one of these tools (issue 25: {@code tool}, repeatable). */
    public ActivityFilter withTools(List<String> names) {
        return new ActivityFilter(from, toExclusive, zone, assistants, models, subject, errors, ranges, clean(names), labels, search);
    }

    /** The same filter, also matching only conversations whose events carried these users, tags and metadata values. */
    public ActivityFilter withLabels(LabelFilter filter) {
        return new ActivityFilter(from, toExclusive, zone, assistants, models, subject, errors, ranges, tools, filter, search);
    }

    /**
     * Whether the hourly roll-ups know everything this filter asks besides its range, assistants and models: no subject,
     * status, tool, user, tag, metadata, outcome or range of cost, duration or tokens. (The caller checks the zone's hours
     * and its keys.)
     */
    public boolean rollupsKnowTheRest() {
        return subject == null && errors == null && tools.isEmpty() && labels.isEmpty() && FilterRanges.NONE.equals(ranges);
    }

    /** The same filter over [from, toExclusive) (analytics' default range). */
    public ActivityFilter withRange(Instant rangeFrom, Instant rangeTo) {
        return new ActivityFilter(rangeFrom, rangeTo, zone, assistants, models, subject, errors, ranges, tools, labels, search);
    }

    /** The same filter with a content search (issue 26: {@code q} and {@code in}), or none. */
    public ActivityFilter withSearch(SearchQuery query) {
        return new ActivityFilter(from, toExclusive, zone, assistants, models, subject, errors, ranges, tools, labels, query);
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

    /** {@code subject} as an ILIKE pattern that matches the literal text, wildcards escaped. */
    public String likePattern() {
        return likePattern(subject);
    }

    /** A text as an ILIKE pattern that matches it literally anywhere, wildcards escaped. */
    static String likePattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * The conditions on conversations {@code c}, each {@code " and ..."}, with their values appended to
     * {@code params} (numbered from its size). Subjects compare case-insensitively in every script (ICU's root
     * lowercase: the database's own C locale would fold ASCII only).
     */
    public String where(List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            params.add(from.atOffset(ZoneOffset.UTC));
            sql.append(" and c.last_at >= $").append(params.size());
        }
        if (toExclusive != null) {
            params.add(toExclusive.atOffset(ZoneOffset.UTC));
            sql.append(" and c.first_at < $").append(params.size());
        }
        if (assistants.size() == 1) {
            // Plain equality lets the planner read the assistant's index already in last-activity order.
            params.add(assistants.get(0));
            sql.append(" and c.assistant_id = $").append(params.size());
        } else if (!assistants.isEmpty()) {
            params.add(assistants.toArray(String[]::new));
            sql.append(" and c.assistant_id = any($").append(params.size()).append("::text[])");
        }
        if (!models.isEmpty()) {
            params.add(models.toArray(String[]::new));
            sql.append(" and c.models && $").append(params.size()).append("::text[]");
        }
        if (subject != null) {
            params.add(likePattern());
            sql.append(" and c.subject ilike $").append(params.size()).append(" collate \"und-x-icu\"");
        }
        if (errors != null) {
            sql.append(errors ? " and c.error_count > 0" : " and c.error_count = 0");
        }
        if (!tools.isEmpty()) {
            params.add(tools.toArray(String[]::new));
            sql.append(" and c.tools && $").append(params.size()).append("::text[]");
        }
        labels.where(sql, params, "c.labels");
        bound(sql, params, "c.cost_usd >= $", ranges.minCostUsd(), "::numeric");
        bound(sql, params, "c.cost_usd <= $", ranges.maxCostUsd(), "::numeric");
        bound(sql, params, "c.total_tokens >= $", ranges.minTokens(), "");
        bound(sql, params, "c.total_tokens <= $", ranges.maxTokens(), "");
        // The span in whole milliseconds, as durationMs shows it (truncated): at least min, and under max + 1.
        bound(sql, params, "c.last_at - c.first_at >= interval '1 millisecond' * $", ranges.minDurationMs(), "");
        bound(sql, params, "c.last_at - c.first_at < interval '1 millisecond' * $", ranges.maxDurationMs() == null ? null
                : ranges.maxDurationMs() + 1, "");
        return sql.toString();
    }

    private static void bound(StringBuilder sql, List<Object> params, String condition, Object value, String cast) {
        if (value != null) {
            params.add(value);
            sql.append(" and ").append(condition).append(params.size()).append(cast);
        }
    }

    /** The same, for one row (a span that overlaps the range, one of the assistants, one of the models, the subject). */
    public boolean matches(ConversationView row) {
        Instant first = row.firstAt() == null ? null : Instant.parse(row.firstAt());
        Instant last = row.lastAt() == null ? null : Instant.parse(row.lastAt());
        if (from != null && (last == null || last.isBefore(from))) {
            return false;
        }
        if (toExclusive != null && (first == null || !first.isBefore(toExclusive))) {
            return false;
        }
        if (!assistants.isEmpty() && (row.assistant() == null || !assistants.contains(row.assistant().id()))) {
            return false;
        }
        if (!models.isEmpty() && (row.models() == null || row.models().stream().noneMatch(models::contains))) {
            return false;
        }
        if (errors != null && errors != (row.errorCount() > 0)) {
            return false;
        }
        if (!tools.isEmpty() && (row.tools() == null || row.tools().stream().noneMatch(tools::contains))) {
            return false;
        }
        if (!labels.matches(row.labels())) {
            return false;
        }
        if (!within(row.costUsd(), ranges.minCostUsd(), ranges.maxCostUsd())
                || !within(row.tokens() == null ? null : row.tokens().total(), ranges.minTokens(), ranges.maxTokens())
                || !within(row.durationMs(), ranges.minDurationMs(), ranges.maxDurationMs())) {
            return false;
        }
        return subject == null
                || (row.subject() != null && row.subject().toLowerCase(Locale.ROOT).contains(subject.toLowerCase(Locale.ROOT)));
    }

    /** A value between optional inclusive bounds; an absent value matches no bound. */
    private static <T extends Comparable<T>> boolean within(T value, T min, T max) {
        if (min == null && max == null) {
            return true;
        }
        return value != null && (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
    }
}
