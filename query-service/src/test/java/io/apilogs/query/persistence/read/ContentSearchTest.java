package io.apilogs.query.persistence.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.model.event.UserRef;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.search.SearchQuery;
import io.apilogs.query.view.CallRow;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.ItemRows;
import io.apilogs.query.view.SearchMatch;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 26 on the real database: the writer's keys and the search's check find exactly the planted items, in every
 * script, in each list (calls, tool executions, HTTP requests, the activity log), narrowed by {@code in} and by the
 * other filters, page by page, and live.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ContentSearchTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Inject
    EventWriter writer;
    @Inject
    CallListReads calls;
    @Inject
    ItemListReads items;
    @Inject
    ActivityReads activity;
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private static JsonNode json(String text) {
        try {
            return Json.CANONICAL.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LlmCallEvent call(String ws, String id, String conv, String subject, int second, String model, String messages,
                                     String response, String thinking, List<ToolCall> toolCalls, ErrorInfo error, Labels labels) {
        String system = id.equals("call-en-1") ? "You are Parcel Pal, a courier assistant." : null;
        return new LlmCallEvent(ws, "e-" + id, new ConversationRef(conv, subject), new AssistantRef("support", null), T0.plusSeconds(second),
                100L, id, "anthropic", model, system, messages == null ? null : json(messages),
                new LlmResponse(response, thinking, toolCalls), "end_turn", new Usage(10L, 5L, null, null, null, null), null, error, null,
                null, labels);
    }

    private static LlmCallEvent says(String ws, String id, String conv, String subject, int second, String response) {
        return call(ws, id, conv, subject, second, "claude-haiku-4-5", null, response, null, List.of(), null, null);
    }

    private List<Event> corpus(String ws) {
        List<Event> events = new ArrayList<>();
        events.add(call(ws, "call-en-1", "c-en", "Order help", 0, "claude-haiku-4-5",
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Where is my parcel?\"}]}]", "Doing step 1 of 3",
                "Wants tracking", List.of(new ToolCall("tu1", "track", json("{\"city\":\"Zürich\"}"))), null, null));
        events.add(call(ws, "call-en-2", "c-en", "Order help", 1, "gpt-4o", null, "Doing step 2 of 3", null, List.of(), null, null));
        events.add(call(ws, "call-en-3", "c-en", "Order help", 2, "claude-haiku-4-5", null, "All done", null, List.of(),
                new ErrorInfo("rate_limit_error", "Too many requests", 429), null));
        events.add(new ToolExecutionEvent(ws, "tool-1", new ConversationRef("c-en", null), new AssistantRef("support", null), T0.plusSeconds(3),
                40L, "tu1", "call-en-1", "lookup", json("{\"query\":\"refund policy\"}"), json("{\"answer\":\"Refunds take 5 days\"}"), null,
                null, null));
        events.add(new HttpRequestEvent(ws, "http-1", new ConversationRef("c-en", null), new AssistantRef("support", null), T0.plusSeconds(4),
                30L, "shop", "tu1", "GET", "https://api.shop.test/orders/98765", 200, null, null, null, json("{\"status\":\"退款成功\"}"),
                0L, 20L, null, null, null));
        events.add(call(ws, "call-zh", "c-zh", "退款问题", 10, "claude-haiku-4-5",
                "[{\"role\":\"user\",\"content\":\"请帮我办理退款，订单号12345\"}]", "好的", null, List.of(), null, null));
        events.add(says(ws, "call-ja", "c-ja", "Japanese", 11, "返金の手続きをお願いします"));
        events.add(says(ws, "call-ko", "c-ko", "Korean", 12, "환불 요청을 처리해 주세요"));
        events.add(says(ws, "call-ar", "c-ar", "Arabic", 13, "أريد استرداد المبلغ"));
        events.add(says(ws, "call-fr", "c-fr", "Zoë's question", 14, "Le café était très chaud — Ça va?"));
        events.add(says(ws, "call-emoji", "c-emoji", "Emoji", 15, "Order shipped 🚚📦 today"));
        events.add(says(ws, "call-code", "c-code", "Code", 16, "if (x != null) { return map.get(\"key\"); }"));
        events.add(says(ws, "call-gr", "c-gr", "Greek", 17, "ΟΔΥΣΣΕΥΣ"));
        events.add(says(ws, "call-tr", "c-tr", "Turkish", 18, "İSTANBUL"));
        events.add(call(ws, "call-meta", "c-meta", "Labels", 19, "claude-haiku-4-5", null, "fine", null, List.of(), null,
                new Labels(new UserRef("user-42", null), List.of("vip"), json("{\"plan\":\"enterprise-gold\"}"))));
        return events;
    }

    private static ActivityFilter filter(String q, String... in) {
        return ActivityFilter.parse(null, null, null, null, null, null).withSearch(SearchQuery.parse(q, in.length == 0 ? null : List.of(in)));
    }

    private static List<String> ids(SearchPage<CallRow> page) {
        return page.items().stream().map(CallRow::callId).toList();
    }

    @Test
    @RunOnVertxContext
    void everyScriptFindsExactlyItsPlantedCalls(UniAsserter asserter) {
        String ws = "ws_search_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("doing STEP", List.of("call-en-2", "call-en-1")),
                Map.entry("退款", List.of("call-zh")),
                Map.entry("返金", List.of("call-ja")),
                Map.entry("환불", List.of("call-ko")),
                Map.entry("استرداد", List.of("call-ar")),
                Map.entry("CAFÉ", List.of("call-fr")),
                Map.entry("🚚", List.of("call-emoji")),
                Map.entry("return map.get(", List.of("call-code")),
                Map.entry("οδυσσευς", List.of("call-gr")),
                Map.entry("istanbul", List.of("call-tr")),
                Map.entry("enterprise-gold", List.of("call-meta")),
                Map.entry("zürich", List.of("call-en-1")),
                Map.entry("too many requests", List.of("call-en-3")),
                Map.entry("user", List.of("call-meta")),
                Map.entry("zoë", List.of("call-fr")),
                Map.entry("PARCEL PAL", List.of("call-en-1")),
                Map.entry("\"courier assistant\" \"step 1\"", List.of("call-en-1")),
                Map.entry("nothing-here-zzz", List.of()));
        expected.forEach((q, ids) -> asserter.assertThat(() -> calls.search(ws, filter(q), 50, null), page -> {
            assertThat(ids(page)).as(q).containsExactlyElementsOf(ids);
            assertThat(page.next()).as(q).isNull();
            assertThat(page.progress().complete()).isTrue();
            page.items().forEach(row -> assertThat(row.matches()).as(q).isNotEmpty());
        }));
    }

    @Test
    @RunOnVertxContext
    void inNarrowsThePartsAndOtherFiltersCombine(UniAsserter asserter) {
        String ws = "ws_search_in_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        asserter.assertThat(() -> calls.search(ws, filter("tracking", "thinking"), 50, null), page -> {
            assertThat(ids(page)).containsExactly("call-en-1");
            SearchMatch match = page.items().get(0).matches().get(0);
            assertThat(match.field()).isEqualTo("thinking");
            assertThat(match.snippet().substring(match.highlight().get(0), match.highlight().get(1))).isEqualTo("tracking");
        });
        asserter.assertThat(() -> calls.search(ws, filter("tracking", "response"), 50, null), page -> assertThat(ids(page)).isEmpty());
        asserter.assertThat(() -> calls.search(ws, filter("parcel", "messages"), 50, null),
                page -> assertThat(ids(page)).containsExactly("call-en-1"));
        asserter.assertThat(() -> calls.search(ws, filter("zoë", "response"), 50, null), page -> assertThat(ids(page)).isEmpty());
        asserter.assertThat(() -> calls.search(ws, filter("parcel pal", "system"), 50, null), page -> {
            assertThat(ids(page)).containsExactly("call-en-1");
            assertThat(page.items().get(0).matches().get(0).field()).isEqualTo("system");
        });
        asserter.assertThat(() -> calls.search(ws, filter("parcel pal", "response"), 50, null), page -> assertThat(ids(page)).isEmpty());
        asserter.assertThat(() -> activity.search(ws, filter("courier assistant"), ActivityReads.Sort.LAST_ACTIVITY, true, 50, null),
                page -> assertThat(page.items()).extracting(ConversationView::conversationId).containsExactly("c-en"));
        ActivityFilter gpt = ActivityFilter.parse(null, null, null, null, List.of("gpt-4o"), null).withSearch(SearchQuery.parse("doing step", null));
        asserter.assertThat(() -> calls.search(ws, gpt, 50, null), page -> assertThat(ids(page)).containsExactly("call-en-2"));
        ActivityFilter subject = ActivityFilter.parse(null, null, null, null, null, "order").withSearch(SearchQuery.parse("done", null));
        asserter.assertThat(() -> calls.search(ws, subject, 50, null), page -> assertThat(ids(page)).containsExactly("call-en-3"));
    }

    /** The index path (a window of one item) finds what the window finds, every script and the subject included. */
    @Test
    @RunOnVertxContext
    void theIndexPathFindsTheSameAsTheWindow(UniAsserter asserter) {
        String ws = "ws_search_index_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        ItemSearch.Bounds small = new ItemSearch.Bounds(1, 100, 1, 60_000);
        Map<String, List<String>> expected = Map.of("doing step", List.of("call-en-2", "call-en-1"), "退款", List.of("call-zh"),
                "zoë", List.of("call-fr"), "istanbul", List.of("call-tr"), "nothing-here-zzz", List.of(), "parcel pal", List.of("call-en-1"));
        expected.forEach((q, ids) -> asserter.assertThat(() -> ItemSearch.run(pool, TextBudget.NONE, SearchKind.CALL, ws, filter(q), 50, null, small), result -> {
            assertThat(result.hits()).extracting(hit -> hit.row().getString("call_id")).as(q).containsExactlyElementsOf(ids);
            assertThat(result.next()).isNull();
        }));
    }

    /** A month with more candidates than the bound answers with what it found, says so, and its cursor goes on to the rest. */
    @Test
    @RunOnVertxContext
    void aBoundedSearchSaysHowFarItWentAndGoesOn(UniAsserter asserter) {
        String ws = "ws_search_bound_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        ItemSearch.Bounds tight = new ItemSearch.Bounds(1, 1, 1, 60_000);
        asserter.assertThat(() -> ItemSearch.run(pool, TextBudget.NONE, SearchKind.CALL, ws, filter("doing step"), 50, null, tight)
                .chain(first -> ItemSearch.run(pool, TextBudget.NONE, SearchKind.CALL, ws, filter("doing step"), 50, first.next(), tight)
                        .map(second -> List.of(first, second))), results -> {
            ItemSearch.Result first = results.get(0);
            assertThat(first.hits()).extracting(hit -> hit.row().getString("call_id")).containsExactly("call-en-2");
            assertThat(first.progress().complete()).isFalse();
            assertThat(first.progress().searchedUpTo()).isEqualTo("2026-11-22T10:00:01.000Z");
            assertThat(first.next()).isNotNull();
            ItemSearch.Result second = results.get(1);
            assertThat(second.hits()).extracting(hit -> hit.row().getString("call_id")).containsExactly("call-en-1");
            assertThat(second.next()).isNull();
            assertThat(second.progress().complete()).isTrue();
        });
    }

    /** Large bodies are read a bounded number of bytes at a time, each read reserved first and released after. */
    @Test
    @RunOnVertxContext
    void largeBodiesAreReadByBytesUnderTheBudget(UniAsserter asserter) {
        String ws = "ws_search_bytes_" + UUID.randomUUID();
        List<Event> big = new ArrayList<>();
        String filler = "lorem ipsum dolor sit amet ".repeat(24_000);
        for (int i = 0; i < 6; i++) {
            big.add(says(ws, "big-" + i, "c-big", "Big", i, filler + " needle-" + (i % 2)));
        }
        asserter.execute(() -> writer.write(big, 0));
        long[] held = {0, 0, 0};
        TextBudget recording = new TextBudget() {
            @Override
            public synchronized long reserve(long storedBytes) {
                held[0] += storedBytes;
                held[1] = Math.max(held[1], held[0]);
                held[2]++;
                return storedBytes;
            }

            @Override
            public synchronized void release(long reserved) {
                held[0] -= reserved;
            }
        };
        asserter.assertThat(() -> ItemSearch.run(pool, recording, SearchKind.CALL, ws, filter("needle-1"), 50, null), result -> {
            assertThat(result.hits()).extracting(hit -> hit.row().getString("call_id")).containsExactly("big-5", "big-3", "big-1");
            assertThat(held[0]).as("all released").isZero();
            assertThat(held[2]).as("one read per keyed row (the other three lack the pair -1): two would pass the chunk").isEqualTo(3);
            assertThat(held[1]).as("the most held at once: one row").isBetween((long) filler.length(), SearchFetch.CHUNK_BYTES);
        });
    }

    @Test
    @RunOnVertxContext
    void pagesGoOnWithoutRepeats(UniAsserter asserter) {
        String ws = "ws_search_pages_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        asserter.assertThat(() -> calls.search(ws, filter("doing step"), 1, null)
                .chain(first -> calls.search(ws, filter("doing step"), 1, first.next())
                        .chain(second -> calls.search(ws, filter("doing step"), 1, second.next()).map(third -> List.of(first, second, third)))),
                pages -> {
                    assertThat(ids(pages.get(0))).containsExactly("call-en-2");
                    assertThat(ids(pages.get(1))).containsExactly("call-en-1");
                    assertThat(ids(pages.get(2))).isEmpty();
                    assertThat(pages.get(2).next()).isNull();
                });
    }

    @Test
    @RunOnVertxContext
    void toolExecutionsHttpRequestsAndConversationsToo(UniAsserter asserter) {
        String ws = "ws_search_items_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        asserter.assertThat(() -> items.searchTools(ws, filter("\"refund policy\" 5 days"), 50, null), page -> {
            assertThat(page.items()).extracting(ItemRows.ToolRow::id).containsExactly("tool-1");
            assertThat(page.items().get(0).matches()).extracting(SearchMatch::field).containsExactly("toolInput", "toolResult");
        });
        asserter.assertThat(() -> items.searchHttp(ws, filter("98765"), 50, null),
                page -> assertThat(page.items()).extracting(ItemRows.HttpRow::id).containsExactly("http-1"));
        asserter.assertThat(() -> items.searchHttp(ws, filter("退款成功", "body"), 50, null),
                page -> assertThat(page.items()).extracting(ItemRows.HttpRow::id).containsExactly("http-1"));
        asserter.assertThat(() -> activity.search(ws, filter("退款"), ActivityReads.Sort.LAST_ACTIVITY, true, 50, null), page -> {
            assertThat(page.items()).extracting(ConversationView::conversationId).containsExactly("c-zh", "c-en");
            ConversationView.ConversationMatch viaHttp = page.items().get(1).matches().get(0);
            assertThat(viaHttp.kind()).isEqualTo("http_request");
            assertThat(viaHttp.itemId()).isEqualTo("http-1");
            assertThat(viaHttp.field()).isEqualTo("body");
            assertThat(page.items().get(0).matches().get(0).field()).isEqualTo("subject");
        });
        asserter.assertThat(() -> activity.search(ws, filter("nothing-here-zzz"), ActivityReads.Sort.LAST_ACTIVITY, true, 50, null), page -> {
            assertThat(page.items()).isEmpty();
            assertThat(page.next()).isNull();
        });
        asserter.assertThat(() -> activity.search(ws, filter("o"), ActivityReads.Sort.LAST_ACTIVITY, true, 2, null)
                .chain(first -> activity.search(ws, filter("o"), ActivityReads.Sort.LAST_ACTIVITY, true, 50, first.next())
                        .map(rest -> List.of(first, rest))), pages -> {
            List<String> all = new ArrayList<>();
            pages.forEach(p -> p.items().forEach(v -> all.add(v.conversationId())));
            assertThat(pages.get(0).items()).hasSize(2);
            assertThat(all).doesNotHaveDuplicates().contains("c-en", "c-fr", "c-emoji", "c-code", "c-meta");
        });
    }

    @Test
    @RunOnVertxContext
    void aLiveExplorerWithQGetsOnlyMatchingCalls(UniAsserter asserter) {
        String ws = "ws_search_live_" + UUID.randomUUID();
        asserter.execute(() -> writer.write(corpus(ws), 0));
        asserter.assertThat(() -> calls.added(ws, filter("doing step"), List.of("c-en"), List.of(1L), List.of(5L)),
                rows -> assertThat(rows).extracting(CallRow::callId).containsExactly("call-en-1", "call-en-2"));
        asserter.assertThat(() -> activity.matching(ws, SearchQuery.parse("parcel", null), Map.of("c-en", "Order help", "c-ja", "Japanese"), 5_000),
                found -> assertThat(found).containsOnlyKeys("c-en"));
    }
}
