package io.apilogs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStack;
import io.apilogs.localstack.ServiceProcess;
import io.apilogs.localstack.util.Env;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Issue 27's dashboard reads on N conversations (~10N calls) over the last 90 days: each read's p50/p95/p99 over HTTP,
 * and what it returned checked against sums computed from llm_calls (calls, cost, 429s, the lines' calls adding up).
 * "whole page" is the four reads the page makes at once for its default view, timed together. Usage:
 * {@code ./apilogs bench query dashboard [conversations=1000000] [iterations=50]}.
 */
final class DashboardBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DAYS = 90;

    private DashboardBench() {
    }

    /** One read: its URLs (one, or several fetched at once), and what its answer must hold. */
    private record Read(String name, List<String> urls, Expect expect) {
    }

    private record Expect(long calls, BigDecimal cost, long rateLimited, boolean linesAddUp) {
    }

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        Path dataDir = root.resolve("bench/target/dashboard-bench-" + conversations);
        boolean seeded = Files.exists(dataDir.resolve("seeded"));
        System.out.printf("dashboard bench: %d conversations over %d days, %d timed requests per read, data in %s%n", conversations, DAYS,
                iterations, dataDir);
        try (LocalStack stack = LocalStack.start(dataDir)) {
            ServiceProcess query = ServiceProcess.start(root, "query-service", Bench.freePort(), QueryBench.readerEnvironment(stack),
                    dataDir.resolve("logs"));
            try {
                query.awaitReady(Duration.ofMinutes(20));
                if (!seeded) {
                    AdminClient.Workspace ws = new AdminClient(query.baseUrl(), Bench.ADMIN_TOKEN).createWorkspace("dashboard");
                    Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    long t0 = System.nanoTime();
                    Seeder.Result result = new Seeder(stack.jdbcUrl(), stack.user(), stack.password())
                            .seed(ws.id(), conversations, 200, newest, 42, DAYS);
                    System.out.printf("seeded %,d calls over %d days in %.0f s%n", result.calls(), DAYS, (System.nanoTime() - t0) / 1e9);
                    Files.writeString(dataDir.resolve("seeded"), ws.readKey() + "\n" + newest + "\n");
                }
                List<String> state = Files.readAllLines(dataDir.resolve("seeded"));
                String key = state.get(0);
                LocalDate today = LocalDate.ofInstant(Instant.parse(state.get(1)), ZoneOffset.UTC);
                run(stack, query.baseUrl(), key, today, iterations);
            } finally {
                query.stop();
            }
        }
    }

    private static void run(LocalStack stack, String base, String key, LocalDate today, int iterations) throws Exception {
        String d90 = today.minusDays(DAYS - 1).toString();
        String d30 = today.minusDays(29).toString();
        String d3 = today.minusDays(2).toString();
        String series = base + "/v1/analytics/series?tz=UTC&to=" + today;
        Expect all90 = expect(stack, d90, today.toString(), null, null, true);
        Expect all30 = expect(stack, d30, today.toString(), null, null, true);
        List<Read> reads = List.of(
                new Read("series, 90 days by day", List.of(series + "&from=" + d90), all90),
                new Read("series, 90 days by day, by model", List.of(series + "&from=" + d90 + "&groupBy=model&limit=20"), all90),
                new Read("series, 90 days by day, by assistant (top 10)", List.of(series + "&from=" + d90 + "&groupBy=assistant"), all90),
                new Read("series, 90 days by week, by model", List.of(series + "&from=" + d90 + "&groupBy=model&interval=week&limit=20"), all90),
                new Read("series, 90 days, one model", List.of(series + "&from=" + d90 + "&model=gpt-4o"),
                        expect(stack, d90, today.toString(), "model", "gpt-4o", true)),
                new Read("series, 30 days by day (the page's default)", List.of(series + "&from=" + d30), all30),
                new Read("series, 30 days by day, by model", List.of(series + "&from=" + d30 + "&groupBy=model&limit=20"), all30),
                new Read("series, 3 days by hour, by model", List.of(series + "&from=" + d3 + "&groupBy=model&limit=20"),
                        expect(stack, d3, today.toString(), null, null, true)),
                new Read("series, 30 days, status=error (reads calls)", List.of(series + "&from=" + d30 + "&status=error"), null),
                new Read("top conversations by cost, 30 days", List.of(base + "/v1/conversations?tz=UTC&sort=cost&order=desc&limit=5&from="
                        + d30 + "&to=" + today), null),
                // What analytics.js asks at once for its default view: all calls, by model, the previous period, the top conversations.
                new Read("whole page, 30 days (4 reads at once)", List.of(series + "&from=" + d30, series + "&from=" + d30 + "&groupBy=model&limit=20",
                        base + "/v1/analytics/series?tz=UTC&from=" + today.minusDays(59) + "&to=" + today.minusDays(30) + "&interval=week&groupBy=model&limit=50",
                        base + "/v1/conversations?tz=UTC&sort=cost&order=desc&limit=5&from=" + d30 + "&to=" + today), all30));
        System.out.printf("%n%-48s %9s %9s %9s %9s %9s  %s%n", "read (HTTP, one client)", "first ms", "p50 ms", "p95 ms", "p99 ms", "max ms",
                "checked");
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (Read read : reads) {
                time(read, key, iterations, pool);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void time(Read read, String key, int iterations, ExecutorService pool) throws Exception {
        // The first request of a read may merge its days (and keep them): printed apart, as "first".
        long first = System.nanoTime();
        fetch(read, key, pool);
        double firstMs = (System.nanoTime() - first) / 1e6;
        for (int i = 0; i < Math.max(5, iterations / 10); i++) {
            fetch(read, key, pool);
        }
        double[] millis = new double[iterations];
        List<HttpResponse<String>> last = null;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            last = fetch(read, key, pool);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("%-48s %9.1f %9.1f %9.1f %9.1f %9.1f  %s%n", read.name, firstMs, pct(millis, 50), pct(millis, 95), pct(millis, 99),
                millis[millis.length - 1], verdict(read, last.get(0)));
    }

    private static List<HttpResponse<String>> fetch(Read read, String key, ExecutorService pool) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (String url : read.urls) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return QueryBench.get(url, key);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            QueryBench.check(response, read.name);
            responses.add(response);
        }
        return responses;
    }

    /** The first answer's totals against the sums from llm_calls; the lines' calls must add up to them. */
    private static String verdict(Read read, HttpResponse<String> response) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        if (!body.has("series")) {
            return body.path("items").size() + " rows";
        }
        long calls = 0;
        long rateLimited = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (JsonNode line : body.get("series")) {
            JsonNode totals = line.get("totals");
            calls += totals.get("calls").asLong();
            rateLimited += totals.get("rateLimited").asLong();
            if (totals.hasNonNull("costUsd")) {
                cost = cost.add(new BigDecimal(totals.get("costUsd").asText()));
            }
        }
        String shape = body.get("series").size() + " lines x " + body.get("series").get(0).get("points").size() + " points";
        if (read.expect == null) {
            return shape + ", " + calls + " calls";
        }
        boolean ok = calls == read.expect.calls && cost.compareTo(read.expect.cost) == 0 && rateLimited == read.expect.rateLimited;
        return shape + ", " + String.format("%,d calls, %s USD, %,d 429s", calls, cost.toPlainString(), rateLimited)
                + (ok ? " = llm_calls" : String.format("  MISMATCH: llm_calls has %,d calls, %s USD, %,d 429s", read.expect.calls,
                read.expect.cost.toPlainString(), read.expect.rateLimited));
    }

    private static Expect expect(LocalStack stack, String from, String to, String column, String value, boolean linesAddUp) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password());
             PreparedStatement s = c.prepareStatement("select count(*), coalesce(sum(cost_usd), 0),"
                     + " count(*) filter (where error->>'httpStatus' = '429') from llm_calls"
                     + " where started_at >= ?::date and started_at < ?::date + 1" + (column == null ? "" : " and " + column + " = ?"))) {
            s.setString(1, from);
            s.setString(2, to);
            if (column != null) {
                s.setString(3, value);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Expect(rs.getLong(1), rs.getBigDecimal(2), rs.getLong(3), linesAddUp);
            }
        }
    }

    private static double pct(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
