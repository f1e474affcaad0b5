package io.apilogs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStack;
import io.apilogs.localstack.ServiceProcess;
import io.apilogs.localstack.util.Env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Issue 4's read benchmark: seeds N conversations / ~10N calls, then times each read through the real
 * query-service over HTTP and prints p50/p95/p99, then the plans PostgreSQL used (auto_explain with ANALYZE, BUFFERS).
 * Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./apilogs bench query [conversations=1000000] [iterations=200]}
 */
public final class QueryBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QueryBench() {
    }

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        Path dataDir = root.resolve("bench/target/query-bench-" + conversations);
        boolean seeded = Files.exists(dataDir.resolve("seeded"));
        System.out.printf("query bench: %d conversations, %d timed requests per read, data in %s%n", conversations, iterations, dataDir);

        try (LocalStack stack = LocalStack.start(dataDir)) {
            Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment());
            env.put("APILOGS_ADMIN_TOKEN", Bench.ADMIN_TOKEN);
            env.put("APILOGS_WRITER_ENABLED", "false");
            // The bench measures reads, not the per-key limit a tenant gets.
            env.put("APILOGS_LIMITS_READS_PER_SECOND", "1000000");
            int port = Bench.freePort();
            ServiceProcess query = ServiceProcess.start(root, "query-service", port, env, dataDir.resolve("logs"));
            try {
                // Migrations may build indexes over the seeded rows first.
                query.awaitReady(Duration.ofMinutes(20));
                String readKey;
                if (!seeded) {
                    AdminClient.Workspace ws = new AdminClient(query.baseUrl(), Bench.ADMIN_TOKEN).createWorkspace("bench");
                    Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    long t0 = System.nanoTime();
                    Seeder.Result result = new Seeder(stack.jdbcUrl(), stack.user(), stack.password()).seed(ws.id(), conversations, 200, newest, 42);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("seeded %d conversations, %d calls, %d bodies in %.0f s (%.0f calls/s, COPY)%n",
                            result.conversations(), result.calls(), result.bodies(), seconds, result.calls() / seconds);
                    Files.writeString(dataDir.resolve("seeded"), ws.readKey() + "\n" + newest + "\n");
                }
                List<String> state = Files.readAllLines(dataDir.resolve("seeded"));
                readKey = state.get(0);
                Instant newest = Instant.parse(state.get(1));
                ensureRollups(stack);
                printSizes(stack);
                Map<String, Supplier<String>> reads = reads(query.baseUrl(), readKey, newest);
                Map<String, Long> expected = expectedRows(stack, newest);
                System.out.println();
                System.out.printf("%-44s %9s %9s %9s %9s  %s%n", "read (HTTP, one client)", "p50 ms", "p95 ms", "p99 ms", "max ms",
                        "rows returned (expected)");
                for (Map.Entry<String, Supplier<String>> read : reads.entrySet()) {
                    time(read.getKey(), read.getValue(), readKey, iterations, expected.get(read.getKey()));
                }
                printAnalyticsCheck(query.baseUrl(), readKey, stack, newest);
                ExportBench.run(query.baseUrl(), readKey, stack, newest);
                Plans.print(stack, root, env, dataDir, reads, readKey, query);
            } finally {
                query.stop();
            }
        }
    }

    /** Each read as a supplier of the next URL to fetch (some walk pages or pick random ids). */
    private static Map<String, Supplier<String>> reads(String base, String key, Instant newest) throws Exception {
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
        return reads;
    }

    /** The URL of page {@code skip + 1}, found once by following nextCursor. */
    private static Supplier<String> pageSupplier(String first, String key, int skip) throws Exception {
        String url = first;
        for (int i = 0; i < skip; i++) {
            JsonNode page = JSON.readTree(get(url, key).body());
            url = first + "&cursor=" + page.get("nextCursor").asText();
        }
        String target = url;
        return () -> target;
    }

    /**
     * Timed requests of one read stop once they have taken this long (after at least {@link #MIN_RUNS}): an unindexed
     * sort over 10M calls takes ~11 s, and 50 runs of each would take the bench past an hour. The count is printed.
     */
    private static final double BUDGET_MS = 30_000;
    private static final int MIN_RUNS = 5;

    private static void time(String name, Supplier<String> urls, String key, int iterations, Long expectedRows) throws Exception {
        long warmStart = System.nanoTime();
        for (int i = 0; i < Math.max(10, iterations / 10); i++) {
            check(get(urls.get(), key), name);
            if (i >= 1 && (System.nanoTime() - warmStart) / 1e6 > BUDGET_MS / 10) {
                break;
            }
        }
        double[] millis = new double[iterations];
        long minRows = Long.MAX_VALUE;
        long maxRows = 0;
        double spent = 0;
        int runs = 0;
        while (runs < iterations && (runs < MIN_RUNS || spent < BUDGET_MS)) {
            String url = urls.get();
            long t0 = System.nanoTime();
            HttpResponse<String> response = get(url, key);
            millis[runs] = (System.nanoTime() - t0) / 1e6;
            spent += millis[runs++];
            check(response, name);
            long rows = rows(response.body());
            minRows = Math.min(minRows, rows);
            maxRows = Math.max(maxRows, rows);
        }
        millis = Arrays.copyOf(millis, runs);
        Arrays.sort(millis);
        String returned = minRows == maxRows ? String.valueOf(minRows) : minRows + "-" + maxRows;
        String verdict = expectedRows == null ? ""
                : minRows == expectedRows && maxRows == expectedRows ? " (" + expectedRows + ")" : " (EXPECTED " + expectedRows + ")";
        System.out.printf("%-44s %9.1f %9.1f %9.1f %9.1f  %s%s%s%n", name, pct(millis, 50), pct(millis, 95), pct(millis, 99),
                millis[millis.length - 1], returned, verdict, runs < iterations ? "  [" + runs + " runs: time budget]" : "");
    }

    /** Rows in an answer: its {@code items}, or 1 for a single object such as a call's detail. */
    private static long rows(String body) throws IOException {
        JsonNode node = JSON.readTree(body);
        return node.has("items") ? node.get("items").size() : 1;
    }

    /**
     * What each read must return on the seeded data: full pages of 50, the long conversation's 1000 items in pages of
     * 200, one call, and one analytics row per day (of the 30) that holds calls. The page with three filters has no
     * fixed size and is only printed.
     */
    private static Map<String, Long> expectedRows(LocalStack stack, Instant newest) throws Exception {
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

    /** Analytics reads the roll-ups: its totals must equal the calls and cost counted straight from llm_calls. */
    private static void printAnalyticsCheck(String base, String key, LocalStack stack, Instant newest) throws Exception {
        LocalDate today = LocalDate.ofInstant(newest, ZoneOffset.UTC);
        String from = today.minusDays(29).toString();
        JsonNode totals = JSON.readTree(get(base + "/v1/analytics/usage?groupBy=day&from=" + from + "&to=" + today, key).body()).get("totals");
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password());
             PreparedStatement s = c.prepareStatement("select count(*), coalesce(sum(cost_usd), 0) from llm_calls"
                     + " where started_at >= ?::date and started_at < ?::date + 1")) {
            s.setString(1, from);
            s.setString(2, today.toString());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long calls = rs.getLong(1);
                System.out.printf("analytics totals, 30 days: %,d calls, %s USD; counted from llm_calls: %,d calls, %s USD%s%n",
                        totals.get("calls").asLong(), totals.get("costUsd").asText(), calls,
                        rs.getBigDecimal(2).stripTrailingZeros().toPlainString(), totals.get("calls").asLong() == calls ? "" : "  (MISMATCH)");
            }
        }
    }

    /** Data seeded before the roll-ups were seeded too gets them now, once. */
    private static void ensureRollups(LocalStack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select count(*) from usage_hourly_model), (select workspace_id from conversations limit 1)")) {
            rs.next();
            if (rs.getLong(1) == 0 && rs.getString(2) != null) {
                long[] rows = new Seeder(stack.jdbcUrl(), stack.user(), stack.password()).buildRollups(rs.getString(2));
                System.out.printf("built the hourly roll-ups from the seeded calls: %,d rows by model, %,d by assistant%n", rows[0], rows[1]);
            }
        }
    }

    static void check(HttpResponse<String> response, String name) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double pct(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static HttpResponse<String> get(String url, String key) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void printSizes(LocalStack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password()); Statement s = c.createStatement()) {
            var rs = s.executeQuery("""
                    select (select count(*) from conversations) as conversations, (select count(*) from llm_calls) as calls,
                           (select count(*) from usage_hourly_model) as by_model, (select count(*) from usage_hourly_assistant) as by_assistant,
                           pg_size_pretty(pg_database_size(current_database())) as size""");
            rs.next();
            System.out.printf("database: %,d conversations, %,d calls, roll-ups of %,d rows by model and %,d by assistant, %s%n",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5));
        }
    }
}
