package io.apilogs.query.persistence.read;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.view.CallSummary;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large filter's calls summary read from the hourly roll-ups says what reading every call says: the same count,
 * errors, cost, tokens and longest call, and percentiles within 1/16 (the histograms' resolution). Filters the
 * roll-ups cannot answer are read from the calls.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SummaryRollupsTest {
    private static final Instant T0 = Instant.parse("2026-11-18T21:00:00Z");

    @Inject
    Pool pool;

    @Inject
    EventWriter writer;

    @Inject
    CallListReads calls;

    private final String ws = "ws_summary_" + UUID.randomUUID();

    private static ActivityFilter filter(String from, String to, String tz, List<String> assistants, List<String> models) {
        return ActivityFilter.parse(from, to, tz, assistants, models, null);
    }

    @Test
    @RunOnVertxContext
    void theRollupsSumWhatTheCallsSumAndTheirPercentilesAreWithinOneSixteenth(UniAsserter asserter) {
        SplittableRandom random = new SplittableRandom(5);
        List<Event> events = new ArrayList<>();
        String[] models = {"claude-haiku-4-5", "gpt-4o", "gpt-4o-mini"};
        for (int i = 0; i < 600; i++) {
            String model = models[i % 3];
            Long duration = i % 40 == 3 ? null : (long) Math.exp(random.nextDouble() * 11);
            boolean failed = i % 7 == 0;
            // Six hours around midnight UTC: two days in UTC, and parts of other days in other zones.
            Instant at = T0.plusSeconds(i * 36L);
            events.add(new LlmCallEvent(ws, "e" + i, new ConversationRef("conv-" + i % 10, "Summary"), new AssistantRef("assistant-" + i % 2, null),
                    at, duration, "c" + i, "anthropic", model, null, null, null, failed ? null : "end_turn",
                    new Usage(100L + i, 10L + i % 5, i % 3 == 0 ? 50L : null, null, null, null), null,
                    failed ? new ErrorInfo("overloaded_error", "busy", 529) : null, null));
        }
        asserter.execute(() -> writer.write(events.subList(0, 300), 1));
        asserter.execute(() -> writer.write(events.subList(300, 600), 2));

        List<ActivityFilter> covered = List.of(
                filter(null, null, null, null, null),
                filter("2026-11-18", "2026-11-18", "UTC", null, null),
                filter("2026-11-19", "2026-11-19", "Europe/Paris", null, null),
                filter(null, null, null, null, List.of("gpt-4o", "claude-haiku-4-5")),
                filter("2026-11-18", "2026-11-19", "UTC", List.of("assistant-1"), null));
        for (ActivityFilter f : covered) {
            assertThat(SummaryRollups.covers(f)).as("%s", f).isTrue();
            asserter.assertThat(() -> calls.exactSummary(ws, f).chain(exact -> SummaryRollups.read(pool, ws, f, 0)
                    .map(rolledUp -> new CallSummary[] {exact, rolledUp})), pair -> {
                CallSummary exact = pair[0];
                CallSummary rolledUp = pair[1];
                assertThat(exact.count()).as("%s", f).isPositive();
                assertThat(rolledUp.count()).isEqualTo(exact.count());
                assertThat(rolledUp.errorCount()).isEqualTo(exact.errorCount());
                assertThat(rolledUp.costUsd()).isEqualByComparingTo(exact.costUsd());
                assertThat(rolledUp.unpricedCount()).isEqualTo(exact.unpricedCount());
                assertThat(rolledUp.tokens()).isEqualTo(exact.tokens());
                assertThat(rolledUp.durationMs().max()).isEqualTo(exact.durationMs().max());
                for (Long[] p : new Long[][] {{exact.durationMs().p50(), rolledUp.durationMs().p50()},
                        {exact.durationMs().p95(), rolledUp.durationMs().p95()}, {exact.durationMs().p99(), rolledUp.durationMs().p99()}}) {
                    assertThat((double) Math.abs(p[1] - p[0])).as("%s: %d for %d", f, p[1], p[0]).isLessThanOrEqualTo(p[0] / 16.0 + 1);
                }
            });
        }
        // Few calls: read from the calls themselves, so the figures are exact.
        asserter.assertThat(() -> SummaryRollups.read(pool, ws, covered.get(0)), summary -> assertThat(summary).isNull());
        // Filters the roll-ups do not answer.
        assertThat(SummaryRollups.covers(filter("2026-11-18", "2026-11-18", "Asia/Kolkata", null, null))).as("half-hour days").isFalse();
        assertThat(SummaryRollups.covers(filter(null, null, null, List.of("assistant-1"), List.of("gpt-4o")))).as("both keys").isFalse();
        assertThat(SummaryRollups.covers(ActivityFilter.parse(null, null, null, null, null, "Summary"))).as("a subject").isFalse();
        assertThat(SummaryRollups.covers(ActivityFilter.parse(null, null, null, null, null, null, "error", FilterRanges.NONE))).as("errors").isFalse();
        asserter.assertThat(() -> SummaryRollups.read(pool, ws, filter(null, null, null, List.of("assistant-1"), List.of("gpt-4o")), 0),
                summary -> assertThat(summary).isNull());
    }
}
