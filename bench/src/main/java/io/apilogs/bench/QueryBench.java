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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issue 4's read benchmark: seeds N conversations / ~10N calls, then times each read through the real
 * query-service over HTTP and prints p50/p95/p99, then the plans PostgreSQL used (auto_explain with ANALYZE, BUFFERS).
 * Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./apilogs bench query [conversations=1000000] [iterations=200]}; {@code ./apilogs bench query search
 * [calls=1000000] [iterations=50]} runs issue 26's content search benchmark instead ({@link SearchBench}).
 */
public final class QueryBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QueryBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("search")) {
            SearchBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("dashboard")) {
            DashboardBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        Path dataDir = root.resolve("bench/target/query-bench-" + conversations);
        boolean seeded = Files.exists(dataDir.resolve("seeded"));
        System.out.printf("query bench: %d conversations, %d timed requests per read, data in %s%n", conversations, iterations, dataDir);

        try (LocalStack stack = LocalStack.start(dataDir)) {
            Map<String, String> env = readerEnvironment(stack);
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
                    System.out.printf("seeded %d conversations, %d calls, %d bodies, %d tool executions, %d HTTP requests in %.0f s"
                                    + " (%.0f calls/s, COPY, then the indexes built)%n", result.conversations(), result.calls(), result.bodies(),
                            result.toolExecutions(), result.httpRequests(), seconds, result.calls() / seconds);
                    Files.writeString(dataDir.resolve("seeded"), ws.readKey() + "\n" + newest + "\n");
                }
                List<String> state = Files.readAllLines(dataDir.resolve("seeded"));
                readKey = state.get(0);
                Instant newest = Instant.parse(state.get(1));
                ensureRollups(stack);
                printSizes(stack);
                Map<String, Supplier<String>> reads = QueryReads.reads(query.baseUrl(), readKey, newest);
                Map<String, Long> expected = QueryReads.expectedRows(stack, newest, reads);
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

    /** A read-only query-service's environment for a read benchmark: no writer, and no per-key rate limit to measure. */
    static Map<String, String> readerEnvironment(LocalStack stack) {
        Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment());
        env.put("APILOGS_ADMIN_TOKEN", Bench.ADMIN_TOKEN);
        env.put("APILOGS_WRITER_ENABLED", "false");
        env.put("APILOGS_LIMITS_READS_PER_SECOND", "1000000");
        return env;
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
