package io.apilogs.bench;

import io.apilogs.localstack.LocalStack;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 25's export target: calls exported as JSON Lines without bodies per second, with query-service's heap sampled
 * (its /q/metrics) while the export streams, so a heap that grows with the export shows. The rows are checked against
 * a count made straight in PostgreSQL.
 */
final class ExportBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ExportBench() {
    }

    static void run(String base, String key, LocalStack stack, Instant newest) throws Exception {
        LocalDate today = LocalDate.ofInstant(newest, ZoneOffset.UTC);
        for (int days : new int[]{1, 30}) {
            String from = today.minusDays(days - 1L).toString();
            long expected;
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password());
                 PreparedStatement s = c.prepareStatement("select count(*) from llm_calls where started_at >= ?::date and started_at < ?::date + 1")) {
                s.setString(1, from);
                s.setString(2, today.toString());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    expected = rs.getLong(1);
                }
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong heapMax = new AtomicLong();
            AtomicLong heapMin = new AtomicLong(Long.MAX_VALUE);
            Thread sampler = new Thread(() -> {
                while (!done.get()) {
                    long heap = heapUsed(base);
                    if (heap > 0) {
                        heapMax.accumulateAndGet(heap, Math::max);
                        heapMin.accumulateAndGet(heap, Math::min);
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long t0 = System.nanoTime();
            long lines = 0;
            long bytes = 0;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/export/calls?from=" + from + "&to=" + today))
                    .header("Authorization", "Bearer " + key).build();
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines++;
                    bytes += line.length() + 1;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            done.set(true);
            sampler.join();
            System.out.printf("%nexport, JSON Lines without bodies, %d day(s): %,d calls (%s) in %.1f s = %,.0f calls/s, %.1f MB;"
                            + " query-service heap used while streaming %d-%d MB (status %d)%n", days, lines,
                    lines == expected ? "all " + expected : "EXPECTED " + expected, seconds, lines / seconds, bytes / 1e6,
                    heapMin.get() == Long.MAX_VALUE ? -1 : heapMin.get() >> 20, heapMax.get() >> 20, response.statusCode());
        }
    }

    /** Heap used, summed over the pools, from the service's Prometheus text; -1 when it cannot be read. */
    private static long heapUsed(String base) {
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (Exception e) {
            return -1;
        }
    }
}
