package io.apilogs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's history holds what issue 27's dashboard is meant to show. */
class DemoHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private final DemoHistory history = new DemoHistory(NOW);
    private final List<ObjectNode> events = history.events(27);
    private final List<ObjectNode> calls = events.stream().filter(e -> e.path("type").asText().equals("llm_call")).toList();

    @Test
    void thirtyDaysBeforeTodayWithAWeekdayRhythm() {
        assertThat(calls.size()).isBetween(20_000, 60_000);
        assertThat(events.size()).isLessThan(150_000);
        LocalDate first = NOW.atZone(ZoneOffset.UTC).toLocalDate().minusDays(DemoHistory.DAYS);
        for (ObjectNode event : events) {
            Instant at = Instant.parse(event.path("startedAt").asText(first.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(60).toString()));
            assertThat(at).isAfterOrEqualTo(first.atStartOfDay().toInstant(ZoneOffset.UTC)).isBefore(NOW);
        }
        double weekday = perDay(day -> day.getDayOfWeek().getValue() <= 5);
        double weekend = perDay(day -> day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY);
        assertThat(weekday).isGreaterThan(2 * weekend);
        // Cached prompts: most calls after a conversation's first read the cache.
        assertThat(calls.stream().filter(c -> c.path("usage").path("cacheReadTokens").asLong() > 0).count()).isGreaterThan(calls.size() / 3);
        assertThat(history.events(27)).hasSameSizeAs(events);
    }

    @Test
    void supportBotSwitchesModelAndGetsFaster() {
        Instant switchAt = history.switchDay.atStartOfDay().toInstant(ZoneOffset.UTC);
        List<ObjectNode> support = calls.stream().filter(c -> c.path("assistant").path("id").asText().equals("support-bot")).toList();
        List<ObjectNode> before = support.stream().filter(c -> at(c).isBefore(switchAt)).toList();
        List<ObjectNode> after = support.stream().filter(c -> !at(c).isBefore(switchAt)).toList();
        assertThat(before).isNotEmpty().allMatch(c -> c.path("model").asText().equals("gpt-4o"));
        assertThat(after).isNotEmpty().allMatch(c -> c.path("model").asText().equals("gpt-4.1"));
        assertThat((double) median(after)).isLessThan(median(before) * 0.8);
    }

    @Test
    void theEventsFallOnDifferentDaysWhateverTheWeekday() {
        for (int d = 0; d < 7; d++) {
            DemoHistory h = new DemoHistory(NOW.plusSeconds(d * 86_400L));
            assertThat(java.util.Set.of(h.priceDay, h.switchDay, h.burstDay, h.limitDay)).hasSize(4);
            assertThat(h.burstDay.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
            assertThat(h.limitDay.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
            assertThat(h.limitDay).isBefore(h.today);
        }
    }

    @Test
    void anErrorBurstAndADayCloseToTheRateLimit() {
        List<ObjectNode> burst = calls.stream().filter(c -> c.path("model").asText().startsWith("claude")
                && day(c).equals(history.burstDay) && hour(c) >= 13 && hour(c) < 16).toList();
        assertThat(burst).hasSizeGreaterThan(30);
        assertThat(burst.stream().filter(c -> c.has("error")).count()).isGreaterThan(burst.size() / 5);

        List<ObjectNode> limited = calls.stream().filter(c -> c.path("model").asText().equals(DemoHistory.LIMITED_MODEL)
                && day(c).equals(history.limitDay) && hour(c) >= 9 && hour(c) < 18).toList();
        assertThat(limited).hasSizeGreaterThan(30);
        assertThat(limited).allMatch(c -> requestsLeft(c) < 0.16);
        assertThat(limited.stream().filter(c -> c.path("error").path("httpStatus").asInt() == 429).count()).isPositive();
        // Elsewhere nobody runs that close.
        assertThat(calls.stream().filter(c -> !day(c).equals(history.limitDay)).filter(c -> c.path("rateLimit").has("anthropic-ratelimit-requests-limit"))
                .allMatch(c -> requestsLeft(c) >= 0.59)).isTrue();
        assertThat(history.price().path("effectiveFrom").asText()).isEqualTo(history.priceDay + "T00:00:00Z");
    }

    private double perDay(Predicate<LocalDate> which) {
        long days = java.util.stream.IntStream.rangeClosed(1, DemoHistory.DAYS).mapToObj(history.today::minusDays).filter(which).count();
        return (double) calls.stream().filter(c -> which.test(day(c))).count() / days;
    }

    private static double requestsLeft(JsonNode call) {
        JsonNode limit = call.path("rateLimit");
        return limit.path("anthropic-ratelimit-requests-remaining").asDouble() / limit.path("anthropic-ratelimit-requests-limit").asDouble();
    }

    private static long median(List<ObjectNode> calls) {
        long[] durations = calls.stream().mapToLong(c -> c.path("durationMs").asLong()).sorted().toArray();
        return durations[durations.length / 2];
    }

    private static Instant at(JsonNode event) {
        return Instant.parse(event.path("startedAt").asText());
    }

    private static LocalDate day(JsonNode event) {
        return LocalDate.ofInstant(at(event), ZoneOffset.UTC);
    }

    private static int hour(JsonNode event) {
        return at(event).atZone(ZoneOffset.UTC).getHour();
    }
}
