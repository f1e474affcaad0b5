package io.apilogs.query.persistence.read;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.UserRef;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.service.ConversationQueries;
import io.apilogs.query.view.ConversationView;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of filter cases, run through both forms of what a filter matches: the SQL of lists and facets
 * ({@link ActivityFilter#where}) and the predicate of live streams ({@link ActivityFilter#matches}). They must agree
 * with the table and with each other, in every script.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FilterMatchTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;
    @Inject
    ConversationQueries queries;

    private static LlmCallEvent call(String ws, String prefix, String conv, String subject, String assistant, String model, String at) {
        return call(ws, prefix, conv, subject, assistant, model, at, null);
    }

    private static LlmCallEvent call(String ws, String prefix, String conv, String subject, String assistant, String model, String at,
                                     ErrorInfo error) {
        return new LlmCallEvent(ws, prefix + conv + "-" + at, new ConversationRef(prefix + conv, subject), new AssistantRef(assistant, null),
                Instant.parse(at), 60_000L, null, "openai", model, null, null, null, error == null ? "end_turn" : null,
                new Usage(1L, 1L, null, null, null, null), null, error, null);
    }

    /** A case: from, to, tz, assistants (comma-separated), models, q, status, ranges, tools; and the conversations it matches. */
    private record Case(String from, String to, String tz, String assistants, String models, String q, String status,
                        FilterRanges ranges, List<String> tools, LabelFilter labels, List<String> expected) {
        Case(String from, String to, String tz, String assistants, String models, String q, String status,
             FilterRanges ranges, List<String> tools, List<String> expected) {
            this(from, to, tz, assistants, models, q, status, ranges, tools, LabelFilter.NONE, expected);
        }

        ActivityFilter filter() {
            return ActivityFilter.parse(from, to, tz, split(assistants), split(models), q, status, ranges).withTools(tools)
                    .withLabels(labels);
        }

        private static List<String> split(String values) {
            return values == null ? List.of() : Arrays.asList(values.split(","));
        }
    }

    private static Case q(String q, String... expected) {
        return new Case(null, null, null, null, null, q, null, FilterRanges.NONE, List.of(), List.of(expected));
    }

    private static Case of(String from, String to, String tz, String assistants, String models, String q, String... expected) {
        return new Case(from, to, tz, assistants, models, q, null, FilterRanges.NONE, List.of(), List.of(expected));
    }

    private static Case status(String status, String assistants, String... expected) {
        return new Case(null, null, null, assistants, null, null, status, FilterRanges.NONE, List.of(), List.of(expected));
    }

    /** Ranges as their six parameters (minCostUsd, maxCostUsd, minTokens, maxTokens, minDurationMs, maxDurationMs). */
    private static Case ranges(String[] bounds, String... expected) {
        return new Case(null, null, null, null, null, null, null,
                FilterRanges.parse(bounds[0], bounds[1], bounds[2], bounds[3], bounds[4], bounds[5]), List.of(), List.of(expected));
    }

    private static Case tools(List<String> names, String... expected) {
        return new Case(null, null, null, null, null, null, null, FilterRanges.NONE, names, List.of(expected));
    }

    /** Users and tags comma-separated; metadata as key=value pairs, values of one key ORed. */
    private static Case labels(String users, String tags, Map<String, List<String>> meta, String... expected) {
        return new Case(null, null, null, null, null, null, null, FilterRanges.NONE, List.of(),
                LabelFilter.parse(Case.split(users), Case.split(tags), meta), List.of(expected));
    }

    /** errorType, httpStatus and stopReason values, comma-separated. */
    private static Case outcome(String errorTypes, String statuses, String stopReasons, String... expected) {
        return new Case(null, null, null, null, null, null, null, FilterRanges.NONE, List.of(),
                LabelFilter.parse(List.of(), List.of(), Map.of(), Case.split(errorTypes), Case.split(statuses), Case.split(stopReasons)),
                List.of(expected));
    }

    private static Event labelled(Event event, String user, List<String> tags, String metadata) {
        try {
            return event.withLabels(new Labels(user == null ? null : new UserRef(user, user.toUpperCase()), tags,
                    metadata == null ? null : io.apilogs.model.Json.CANONICAL.readTree(metadata)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String[] bounds(String minCost, String maxCost, String minTokens, String maxTokens, String minMs, String maxMs) {
        return new String[]{minCost, maxCost, minTokens, maxTokens, minMs, maxMs};
    }

    @Test
    void theSqlAndTheLiveMatcherAgreeWithOneTableOfCases() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("filter-match");
        String p = UUID.randomUUID().toString().substring(0, 8) + "-";
        LlmCallEvent asking = call(ws.id(), p, "latin", "Refund for ÜNÏCODE Café", "support", "gpt-4o", "2026-11-10T10:00:00Z");
        asking = new LlmCallEvent(asking.workspaceId(), asking.eventId(), asking.conversation(), asking.assistant(), asking.startedAt(),
                asking.durationMs(), null, "openai", "gpt-4o", null, null,
                new LlmResponse(null, null, List.of(new ToolCall("tc-1", "refund_order", null))), "tool_use", asking.usage(), null, null,
                null);
        List<Event> events = List.of(
                // Asks for refund_order (no execution logged); cjk runs lookup_customer (no asking call logged).
                labelled(asking, "alice@example.com", List.of("refund", "vip"), "{\"plan\":\"pro\",\"seats\":12}"),
                labelled(new ToolExecutionEvent(ws.id(), p + "cjk-tool", new ConversationRef(p + "cjk", null), new AssistantRef("support", null),
                        Instant.parse("2026-11-11T23:31:00Z"), 10L, "tc-9", null, "lookup_customer", null, null, null),
                        null, List.of(), "{\"plan\":\"free\",\"region\":\"eu\"}"),
                // Spans midnight UTC: 23:30 on the 11th to 00:31 on the 12th.
                call(ws.id(), p, "cjk", "退款 request 处理", "support", "claude-haiku-4-5", "2026-11-11T23:30:00Z"),
                call(ws.id(), p, "cjk", "退款 request 处理", "support", "claude-haiku-4-5", "2026-11-12T00:30:00Z"),
                labelled(call(ws.id(), p, "turkish", "İstanbul trip", "travel", "gpt-4o", "2026-11-12T12:00:00Z"),
                        "alice@example.com", List.of(), null),
                // One of the Istanbul trip's calls failed (a 429): the conversation has an error.
                labelled(call(ws.id(), p, "turkish", "İstanbul trip", "travel", "o3", "2026-11-12T12:05:00Z",
                        new ErrorInfo("rate_limit_error", "Too many requests", 429)), "bob", List.of("refund"), null),
                call(ws.id(), p, "wild", "KELVIN scale 100%_off", "travel", "o3", "2026-11-13T10:00:00Z"),
                call(ws.id(), p, "nosubject", null, "support", "gpt-4o", "2026-11-14T10:00:00Z"),
                labelled(call(ws.id(), p, "emoji", "emoji 🎉 Party", "ops", "llama-3", "2026-11-15T10:00:00Z"), null, List.of("🎉"),
                        "{\"trial\":true,\"ratio\":0.50}"));
        writer.write(events).await().atMost(Duration.ofSeconds(60));

        List<Case> cases = List.of(
                of(null, null, null, null, null, null, "latin", "cjk", "turkish", "wild", "nosubject", "emoji"),
                q("ünïcode", "latin"), q("CAFÉ", "latin"), q("refund FOR", "latin"),
                q("退款", "cjk"), q("处理", "cjk"),
                q("İSTANBUL", "turkish"), q("TRIP", "turkish"),
                q("100%_", "wild"), q("%", "wild"), q("_off", "wild"), q("100__"),
                q("🎉", "emoji"), q("🎉 party", "emoji"), q("nothing like this"),
                of(null, null, null, "travel", null, null, "turkish", "wild"),
                of(null, null, null, "travel,ops", null, null, "turkish", "wild", "emoji"),
                of(null, null, null, null, "o3", null, "turkish", "wild"),
                of(null, null, null, null, "gpt-4o,llama-3", null, "latin", "turkish", "nosubject", "emoji"),
                of(null, null, null, "travel", "o3", "scale", "wild"),
                of("2026-11-12", "2026-11-12", null, null, null, null, "cjk", "turkish"),
                of("2026-11-12", "2026-11-12", "America/Los_Angeles", null, null, null, "turkish"),
                of("2026-11-11", "2026-11-11", "America/Los_Angeles", null, null, null, "cjk"),
                of(null, "2026-11-10", null, null, null, null, "latin"),
                // Kiritimati's 15th starts at 10:00 UTC on the 14th, a minute before nosubject's call ends.
                of("2026-11-15", null, "Pacific/Kiritimati", null, null, null, "nosubject", "emoji"),
                of(null, null, null, "support", null, "r", "latin", "cjk"),
                status("error", null, "turkish"), status("ok", null, "latin", "cjk", "wild", "nosubject", "emoji"),
                status("error", "support"), status("ok", "travel", "wild"),
                // Two calls (4 tokens) in cjk and turkish, one (2 tokens) elsewhere; spans: cjk 61 min, turkish 6 min, the
                // others 1 min; llama-3 has no price, so emoji has no cost and matches no cost bound.
                ranges(bounds(null, null, "3", null, null, null), "cjk", "turkish"),
                ranges(bounds(null, null, null, "2", null, null), "latin", "wild", "nosubject", "emoji"),
                ranges(bounds(null, null, "4", "4", null, null), "cjk", "turkish"),
                ranges(bounds(null, null, null, null, "360000", null), "cjk", "turkish"),
                ranges(bounds(null, null, null, null, null, "359999"), "latin", "wild", "nosubject", "emoji"),
                ranges(bounds(null, null, null, null, "360000", "360000"), "turkish"),
                ranges(bounds("0", null, null, null, null, null), "latin", "cjk", "turkish", "wild", "nosubject"),
                ranges(bounds(null, "1000", null, null, "3660000", null), "cjk"),
                ranges(bounds("1000", null, null, null, null, null)),
                tools(List.of("refund_order"), "latin"), tools(List.of("lookup_customer"), "cjk"),
                tools(List.of("refund_order", "lookup_customer"), "latin", "cjk"), tools(List.of("REFUND_ORDER")),
                // A conversation matches a user, tag or metadata value any of its events carried (turkish: alice, then bob).
                labels("alice@example.com", null, null, "latin", "turkish"), labels("bob", null, null, "turkish"),
                labels("alice@example.com,bob", null, null, "latin", "turkish"), labels("ALICE@example.com", null, null),
                labels(null, "refund", null, "latin", "turkish"), labels(null, "vip", null, "latin"), labels(null, "🎉", null, "emoji"),
                labels("bob", "vip", null), labels("bob", "refund", null, "turkish"), labels(null, "refund,vip", null, "latin", "turkish"),
                labels(null, null, Map.of("plan", List.of("pro")), "latin"),
                labels(null, null, Map.of("plan", List.of("pro", "free")), "latin", "cjk"),
                labels(null, null, Map.of("plan", List.of("free"), "region", List.of("eu")), "cjk"),
                labels(null, null, Map.of("plan", List.of("pro"), "region", List.of("eu"))),
                labels(null, null, Map.of("seats", List.of("12")), "latin"), labels(null, null, Map.of("seats", List.of("12.0"))),
                labels(null, null, Map.of("trial", List.of("true")), "emoji"), labels(null, null, Map.of("ratio", List.of("0.5")), "emoji"),
                labels("alice@example.com", "refund", Map.of("plan", List.of("pro")), "latin"),
                // Outcomes: turkish has a rate_limit_error (429); latin's one call stopped for tool_use, the others' end_turn.
                outcome("rate_limit_error", null, null, "turkish"), outcome(null, "429", null, "turkish"), outcome(null, "500", null),
                outcome("overloaded_error,rate_limit_error", "429,529", null, "turkish"), outcome(null, null, "tool_use", "latin"),
                outcome(null, null, "end_turn", "cjk", "turkish", "wild", "nosubject", "emoji"),
                outcome("rate_limit_error", null, "end_turn", "turkish"));

        List<ConversationView> all = list(ws.id(), ActivityFilter.parse(null, null, null, null, null, null));
        assertThat(all).hasSize(6);
        Map<String, ConversationView> byId = new LinkedHashMap<>();
        all.forEach(row -> byId.put(row.conversationId().substring(p.length()), row));
        assertThat(byId.get("turkish").user()).as("the latest user").isEqualTo(new UserRef("bob", "BOB"));
        assertThat(byId.get("turkish").tags()).containsExactly("refund");
        assertThat(byId.get("latin").tags()).containsExactly("refund", "vip");
        assertThat(byId.get("cjk").user()).isNull();
        assertThat(byId.get("cjk").tags()).isEmpty();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Case c : cases) {
            ActivityFilter filter = c.filter();
            List<String> bySql = ids(p, list(ws.id(), filter));
            List<String> byLive = ids(p, all.stream().filter(filter::matches).toList());
            if (!sameSet(bySql, c.expected) || !sameSet(byLive, c.expected)) {
                problems.put(c.toString(), List.of("sql " + bySql, "live " + byLive));
            }
        }
        assertThat(problems).as("cases where the SQL or the live matcher disagrees with the table").isEmpty();
    }

    private List<ConversationView> list(String ws, ActivityFilter filter) {
        return queries.list(ws, filter, ActivityReads.Sort.LAST_ACTIVITY, true, 200, null).await().atMost(Duration.ofSeconds(30)).items();
    }

    private static List<String> ids(String prefix, List<ConversationView> rows) {
        return rows.stream().map(r -> r.conversationId().substring(prefix.length())).sorted().toList();
    }

    private static boolean sameSet(List<String> actual, List<String> expected) {
        return actual.equals(expected.stream().sorted().toList());
    }
}
