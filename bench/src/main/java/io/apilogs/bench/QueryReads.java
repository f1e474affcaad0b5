package io.apilogs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.localstack.LocalStack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** What {@link QueryBench} times: each read's URLs on the seeded data ({@link Seeder}), and the rows each must return. */
final class QueryReads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryReads() {
    }

    /** Each read as a supplier of the next URL to fetch (some walk pages or pick random ids). */
    static Map<String, Supplier<String>> reads(String base, String key, Instant newest) throws Exception {
        String today = LocalDate.ofInstant(newest, ZoneOffset.UTC).toString();
        String weekAgo = LocalDate.ofInstant(newest, ZoneOffset.UTC).minusDays(6).toString();
        String monthAgo = LocalDate.ofInstant(newest, ZoneOffset.UTC).minusDays(29).toString();
        Map<String, Supplier<String>> reads = new LinkedHashMap<>();
        reads.put("activity first page, no filter", () -> base + "/v1/conversations?limit=50");
        reads.put("activity first page, last 7 days", () -> base + "/v1/conversations?limit=50&from=" + weekAgo + "&to=" + today);
        reads.put("activity first page, one assistant", () -> base + "/v1/conversations?limit=50&assistant=assistant-007");
        reads.put("activity first page, one model", () -> base + "/v1/conversations?limit=50&model=gpt-4o");
        reads.put("activity first page, 30 days+assistant+model", () -> base + "/v1/conversations?limit=50&from=" + monthAgo
                + "&to=" + today + "&assistant=assistant-007&model=gpt-4o");
        reads.put("activity first page, sort=cost", () -> base + "/v1/conversations?limit=50&sort=cost");
        reads.put("activity page 6, no filter", pageSupplier(base + "/v1/conversations?limit=50", key, 5));
        reads.put("activity page 6, sort=cost", pageSupplier(base + "/v1/conversations?limit=50&sort=cost", key, 5));
        reads.put("timeline of 1000 items, first 200", () -> base + "/v1/conversations/" + Seeder.LONG_CONVERSATION + "/timeline?limit=200");
        reads.put("timeline of 1000 items, page 5 of 5", pageSupplier(base + "/v1/conversations/" + Seeder.LONG_CONVERSATION
                + "/timeline?limit=200", key, 4));
        SplittableRandom random = new SplittableRandom(7);
        reads.put("call detail", () -> base + "/v1/calls/" + Seeder.LONG_CONVERSATION + "-" + (1 + random.nextInt(Seeder.LONG_CONVERSATION_CALLS)));
        reads.put("analytics, 30 days by day", () -> base + "/v1/analytics/usage?groupBy=day&from=" + monthAgo + "&to=" + today);
        // Issue 25: the new filters on the activity log, the explorer of calls (each filter and sort) and its summary.
        reads.put("activity first page, tag=refund", () -> base + "/v1/conversations?limit=50&tag=refund");
        reads.put("activity first page, status=error", () -> base + "/v1/conversations?limit=50&status=error");
        reads.put("activity first page, one user", () -> base + "/v1/conversations?limit=50&user=cust-0042");
        reads.put("calls first page, no filter", () -> base + "/v1/calls?limit=50");
        reads.put("calls first page, last 7 days", () -> base + "/v1/calls?limit=50&from=" + weekAgo + "&to=" + today);
        reads.put("calls first page, 30 days, sort=cost", () -> base + "/v1/calls?limit=50&sort=cost&from=" + monthAgo + "&to=" + today);
        reads.put("calls first page, sort=cost", () -> base + "/v1/calls?limit=50&sort=cost");
        reads.put("calls first page, sort=duration", () -> base + "/v1/calls?limit=50&sort=duration");
        reads.put("calls first page, sort=tokens", () -> base + "/v1/calls?limit=50&sort=tokens");
        reads.put("calls first page, status=error", () -> base + "/v1/calls?limit=50&status=error");
        reads.put("calls first page, httpStatus=429, 7 days", () -> base + "/v1/calls?limit=50&httpStatus=429&from=" + weekAgo + "&to=" + today);
        reads.put("calls first page, one user", () -> base + "/v1/calls?limit=50&user=cust-0042");
        reads.put("calls first page, tag=refund", () -> base + "/v1/calls?limit=50&tag=refund");
        reads.put("calls first page, meta.plan=pro", () -> base + "/v1/calls?limit=50&meta.plan=pro");
        reads.put("calls first page, one model", () -> base + "/v1/calls?limit=50&model=gpt-4o");
        reads.put("calls first page, stopReason=tool_use", () -> base + "/v1/calls?limit=50&stopReason=tool_use");
        reads.put("calls first page, minDurationMs=6000", () -> base + "/v1/calls?limit=50&minDurationMs=6000");
        reads.put("calls page 6, no filter", pageSupplier(base + "/v1/calls?limit=50", key, 5));
        reads.put("calls page 6, sort=cost", pageSupplier(base + "/v1/calls?limit=50&sort=cost", key, 5));
        reads.put("calls summary, 30 days", () -> base + "/v1/calls/summary?from=" + monthAgo + "&to=" + today);
        reads.put("calls summary, 30 days, one model", () -> base + "/v1/calls/summary?model=gpt-4o&from=" + monthAgo + "&to=" + today);
        reads.put("calls summary, 30 days, status=error", () -> base + "/v1/calls/summary?status=error&from=" + monthAgo + "&to=" + today);
        // Issue 25: the explorers of single tool executions and HTTP requests, each filter and sort.
        String tools = base + "/v1/tool-executions?limit=50";
        reads.put("tools first page, no filter", () -> tools);
        reads.put("tools first page, last 7 days", () -> tools + "&from=" + weekAgo + "&to=" + today);
        reads.put("tools first page, sort=duration", () -> tools + "&sort=duration");
        reads.put("tools first page, status=error", () -> tools + "&status=error");
        reads.put("tools first page, rare tool", () -> tools + "&tool=" + ItemSeed.RARE_TOOL);
        reads.put("tools first page, one user", () -> tools + "&user=cust-0042");
        reads.put("tools first page, tag=refund, 30 days", () -> tools + "&tag=refund&from=" + monthAgo + "&to=" + today);
        reads.put("tools first page, minDurationMs=3000", () -> tools + "&minDurationMs=3000");
        reads.put("tools page 6, sort=duration", pageSupplier(tools + "&sort=duration", key, 5));
        String http = base + "/v1/http-requests?limit=50";
        reads.put("http first page, no filter", () -> http);
        reads.put("http first page, sort=duration", () -> http + "&sort=duration");
        reads.put("http first page, sort=duration asc", () -> http + "&sort=duration&order=asc");
        reads.put("http first page, status=error", () -> http + "&status=error");
        reads.put("http first page, httpStatus=429, 7 days", () -> http + "&httpStatus=429&from=" + weekAgo + "&to=" + today);
        reads.put("http first page, tool=axios", () -> http + "&tool=axios");
        reads.put("http first page, one user", () -> http + "&user=cust-0042");
        reads.put("http page 6, no filter", pageSupplier(http, key, 5));
        return reads;
    }

    /** The URL of page {@code skip + 1}, found once by following nextCursor. */
    private static Supplier<String> pageSupplier(String first, String key, int skip) throws Exception {
        String url = first;
        for (int i = 0; i < skip; i++) {
            JsonNode page = JSON.readTree(QueryBench.get(url, key).body());
            url = first + "&cursor=" + page.get("nextCursor").asText();
        }
        String target = url;
        return () -> target;
    }

    /**
     * What each read must return on the seeded data: full pages of 50, the long conversation's 1000 items in pages of
     * 200, one call, and one analytics row per day (of the 30) that holds calls. The page with three filters has no
     * fixed size and is only printed.
     */
    static Map<String, Long> expectedRows(LocalStack stack, Instant newest, Map<String, Supplier<String>> reads) throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String page : List.of("activity first page, no filter", "activity first page, last 7 days", "activity first page, one assistant",
                "activity first page, one model", "activity first page, sort=cost", "activity page 6, no filter", "activity page 6, sort=cost")) {
            expected.put(page, 50L);
        }
        for (String read : List.of("activity first page, tag=refund", "activity first page, status=error", "activity first page, one user",
                "calls first page, no filter", "calls first page, last 7 days", "calls first page, 30 days, sort=cost",
                "calls first page, sort=cost", "calls first page, sort=duration", "calls first page, sort=tokens",
                "calls first page, status=error", "calls first page, httpStatus=429, 7 days", "calls first page, one user",
                "calls first page, tag=refund", "calls first page, meta.plan=pro", "calls first page, one model",
                "calls first page, stopReason=tool_use", "calls first page, minDurationMs=6000", "calls page 6, no filter",
                "calls page 6, sort=cost")) {
            expected.put(read, 50L);
        }
        reads.keySet().stream().filter(read -> read.startsWith("tools ") || read.startsWith("http ")).forEach(read -> expected.put(read, 50L));
        for (String read : List.of("calls summary, 30 days", "calls summary, 30 days, one model", "calls summary, 30 days, status=error")) {
            expected.put(read, 1L);
        }
        expected.put("timeline of 1000 items, first 200", 200L);
        expected.put("timeline of 1000 items, page 5 of 5", 200L);
        expected.put("call detail", 1L);
        LocalDate today = LocalDate.ofInstant(newest, ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password());
             PreparedStatement s = c.prepareStatement("select count(distinct (started_at at time zone 'UTC')::date) from llm_calls"
                     + " where started_at >= ?::date and started_at < ?::date + 1")) {
            s.setString(1, today.minusDays(29).toString());
            s.setString(2, today.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                expected.put("analytics, 30 days by day", rs.getLong(1));
            }
        }
        return expected;
    }

}
