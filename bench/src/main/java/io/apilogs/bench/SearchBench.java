package io.apilogs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStack;
import io.apilogs.localstack.ServiceProcess;
import io.apilogs.localstack.util.Env;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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

/**
 * Issue 26's search benchmark ({@code ./apilogs bench query search [calls=1000000] [iterations=50]}): seeds calls with
 * bodies and planted phrases ({@link SearchSeed}), builds the content index and prints its size per GB of text, then
 * times each search over HTTP and checks what it returned against what was planted. Prints figures; asserts nothing.
 */
final class SearchBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchBench() {
    }

    static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        Path dataDir = root.resolve("bench/target/search-bench-" + calls);
        boolean seeded = Files.exists(dataDir.resolve("seeded"));
        System.out.printf("search bench: %,d calls, %d timed requests per search, data in %s%n", calls, iterations, dataDir);
        try (LocalStack stack = LocalStack.start(dataDir)) {
            Map<String, String> env = QueryBench.readerEnvironment(stack);
            ServiceProcess query = ServiceProcess.start(root, "query-service", Bench.freePort(), env, dataDir.resolve("logs"));
            try {
                query.awaitReady(Duration.ofMinutes(20));
                Seeder.Db db = new Seeder.Db(stack.jdbcUrl(), stack.user(), stack.password());
                if (!seeded) {
                    AdminClient.Workspace ws = new AdminClient(query.baseUrl(), Bench.ADMIN_TOKEN).createWorkspace("search-bench");
                    Instant newest = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    long t0 = System.nanoTime();
                    SearchSeed.Planted planted = new SearchSeed(db).seed(ws.id(), calls, newest, 26);
                    double copy = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
                        s.execute("create index llm_call_bodies_search on llm_call_bodies using gist (search_keys gist__intbig_ops (siglen = 252))");
                        s.execute("analyze");
                    }
                    double index = (System.nanoTime() - t1) / 1e9;
                    System.out.printf("seeded %,d calls (%,d conversations, %.2f GB of text) in %.0f s with their keys, the content index built in %.0f s%n",
                            planted.calls(), planted.conversations(), planted.textBytes() / 1e9, copy, index);
                    Files.writeString(dataDir.resolve("seeded"), String.join("\n", ws.readKey(), newest.toString(),
                            planted.calls() + "," + planted.textBytes() + "," + planted.common() + "," + planted.commonRecent() + "," + planted.cjk()
                                    + "," + planted.cjkRecent() + "," + planted.rare() + "," + planted.rareRecent() + "," + planted.system() + ","
                                    + planted.systemRecent()) + "\n");
                }
                List<String> state = Files.readAllLines(dataDir.resolve("seeded"));
                String key = state.get(0);
                Instant newest = Instant.parse(state.get(1));
                long[] p = Arrays.stream(state.get(2).split(",")).mapToLong(Long::parseLong).toArray();
                System.out.printf("planted: \"%s\" in %,d calls (%,d in the last 30 days), \"%s\" in %,d (%,d), \"%s\" in %,d (%,d), \"%s\" in none;"
                                + " \"%s\" in the system prompt of %,d calls (%,d) (one of %d prompts)%n", SearchSeed.COMMON, p[2], p[3], SearchSeed.CJK, p[4], p[5],
                        SearchSeed.RARE, p[6], p[7], SearchSeed.NONE, SearchSeed.SYSTEM, p[8], p[9], SearchSeed.PROMPTS);
                printIndex(db, p[1]);
                String base = query.baseUrl();
                LocalDate today = LocalDate.ofInstant(newest, ZoneOffset.UTC);
                String days30 = "&from=" + today.minusDays(29) + "&to=" + today;
                Map<String, String[]> searches = new LinkedHashMap<>();
                // name -> url, expected rows of the first page, whether the search must have gone through every month
                searches.put("calls: rare phrase, 30 days", new String[] {"/v1/calls?q=" + q(SearchSeed.RARE) + days30, String.valueOf(Math.min(50, p[7]))});
                searches.put("calls: common phrase, 30 days", new String[] {"/v1/calls?q=" + q(SearchSeed.COMMON) + days30, "50"});
                searches.put("calls: 2-character CJK, 30 days", new String[] {"/v1/calls?q=" + q(SearchSeed.CJK) + days30, String.valueOf(Math.min(50, p[5]))});
                searches.put("calls: system prompt phrase, 30 days", new String[] {"/v1/calls?q=" + q(SearchSeed.SYSTEM) + days30,
                        String.valueOf(Math.min(50, p[9]))});
                searches.put("calls: rare phrase, all data", new String[] {"/v1/calls?q=" + q(SearchSeed.RARE), String.valueOf(Math.min(50, p[6]))});
                searches.put("calls: no match, all data", new String[] {"/v1/calls?q=" + q(SearchSeed.NONE), "0"});
                searches.put("activity: rare phrase, 30 days", new String[] {"/v1/conversations?q=" + q(SearchSeed.RARE) + days30, null});
                searches.put("activity: common phrase", new String[] {"/v1/conversations?q=" + q(SearchSeed.COMMON), "50"});
                searches.put("activity: 2-character CJK", new String[] {"/v1/conversations?q=" + q(SearchSeed.CJK), "50"});
                searches.put("activity: no match", new String[] {"/v1/conversations?q=" + q(SearchSeed.NONE), "0"});
                System.out.println();
                System.out.printf("%-36s %9s %9s %9s %9s  %s%n", "search (HTTP, one client)", "p50 ms", "p95 ms", "p99 ms", "max ms",
                        "rows (expected), complete, searched up to");
                for (Map.Entry<String, String[]> search : searches.entrySet()) {
                    time(search.getKey(), base + search.getValue()[0], key, iterations, search.getValue()[1]);
                }
                checkRare(base, key, days30, p[7]);
            } finally {
                query.stop();
            }
        }
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void time(String name, String url, String key, int iterations, String expected) throws Exception {
        for (int i = 0; i < 3; i++) {
            QueryBench.check(QueryBench.get(url, key), name);
        }
        double[] millis = new double[iterations];
        JsonNode last = null;
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = QueryBench.get(url, key);
            millis[i] = (System.nanoTime() - t0) / 1e6;
            QueryBench.check(response, name);
            last = JSON.readTree(response.body());
            counts.add(last.get("items").size());
        }
        Arrays.sort(millis);
        int min = counts.stream().mapToInt(Integer::intValue).min().orElse(-1);
        int max = counts.stream().mapToInt(Integer::intValue).max().orElse(-1);
        String rows = min == max ? String.valueOf(min) : min + "-" + max;
        String verdict = expected == null ? "" : min == Long.parseLong(expected) && max == min ? " (" + expected + ")" : " (EXPECTED " + expected + ")";
        JsonNode search = last.get("search");
        System.out.printf("%-36s %9.1f %9.1f %9.1f %9.1f  %s%s, %s%s%n", name, pct(millis, 50), pct(millis, 95), pct(millis, 99),
                millis[millis.length - 1], rows, verdict, search.get("complete").asBoolean() ? "complete" : "bounded",
                search.get("searchedUpTo").isNull() ? "" : ", up to " + search.get("searchedUpTo").asText());
    }

    /** The rare phrase over 30 days: every page, followed to the end, holds exactly its planted calls, each containing it. */
    private static void checkRare(String base, String key, String days30, long planted) throws Exception {
        String cursor = null;
        long found = 0;
        int pages = 0;
        boolean allContain = true;
        do {
            String url = base + "/v1/calls?limit=200&q=" + q(SearchSeed.RARE) + days30 + (cursor == null ? "" : "&cursor=" + q(cursor));
            JsonNode page = JSON.readTree(QueryBench.get(url, key).body());
            for (JsonNode row : page.get("items")) {
                found++;
                allContain &= row.get("matches").get(0).get("snippet").asText().contains(SearchSeed.RARE);
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        System.out.printf("rare phrase over 30 days, every page to the end: %,d calls in %d pages (planted %,d)%s%s%n", found, pages, planted,
                found == planted ? "" : "  (MISMATCH)", allContain ? "" : "  (A SNIPPET WITHOUT THE PHRASE)");
    }

    private static void printIndex(Seeder.Db db, long textBytes) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select coalesce(sum(pg_relation_size(i.indexrelid)), 0),
                            (select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_inherits h join pg_class c on c.oid = h.inhrelid
                              where h.inhparent = 'llm_call_bodies'::regclass)
                     from pg_index i join pg_inherits h on h.inhrelid = i.indrelid join pg_class x on x.oid = i.indexrelid
                     where h.inhparent = 'llm_call_bodies'::regclass and x.relname like '%search%'""")) {
            rs.next();
            long index = rs.getLong(1);
            System.out.printf("content index: %.0f MB for %.2f GB of text = %.0f MB per GB of text; the bodies tables with it: %.0f MB%n",
                    index / 1e6, textBytes / 1e9, index / 1e6 / (textBytes / 1e9), rs.getLong(2) / 1e6);
        }
    }

    private static double pct(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
