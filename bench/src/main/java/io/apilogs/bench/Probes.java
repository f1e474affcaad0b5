package io.apilogs.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * During the load: probe calls posted one at a time (202 → visible at GET /v1/calls/{id}), and reads of the activity
 * log and of a timeline, timed.
 */
final class Probes {
    private static final Pattern CALLS = Pattern.compile("\"totals\":\\{\"calls\":(\\d+)");

    private final String ingest;
    private final String query;
    private final String ingestKey;
    private final String readKey;
    private final String runId;
    private final List<Long> visible = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> reads = Collections.synchronizedList(new ArrayList<>());
    private volatile int posted;

    Probes(String ingest, String query, String ingestKey, String readKey, String runId) {
        this.ingest = ingest;
        this.query = query;
        this.ingestKey = ingestKey;
        this.readKey = readKey;
        this.runId = runId;
    }

    void run(long deadline) {
        while (System.nanoTime() < deadline) {
            String id = runId + "-probe-" + posted;
            String body = """
                    {"events":[{"eventId":"%s","type":"llm_call","conversation":{"id":"%s-probes","subject":"Probes"},\
                    "assistant":{"id":"probe"},"startedAt":"%s","durationMs":5,"model":"gpt-4o-mini",\
                    "usage":{"inputTokens":1,"outputTokens":1}}]}""".formatted(id, runId, Instant.now());
            while (IngestBench.post(ingest, ingestKey, body) != 202) {
                IngestBench.sleep(100);
            }
            long accepted = System.nanoTime();
            posted++;
            long give = accepted + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < give && get("/v1/calls/" + id) != 200) {
                IngestBench.sleep(10);
            }
            visible.add(System.nanoTime() - accepted);
            IngestBench.sleep(200);
        }
    }

    void read(long deadline) {
        boolean list = true;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            get(list ? "/v1/conversations?limit=50" : "/v1/conversations/" + runId + "-probes/timeline?limit=50");
            reads.add(System.nanoTime() - t0);
            list = !list;
            IngestBench.sleep(100);
        }
    }

    /** llm_calls counted by the usage roll-ups of the query API. */
    long visibleCalls() {
        String body = getBody("/v1/analytics/usage?groupBy=model");
        Matcher m = body == null ? null : CALLS.matcher(body);
        return m != null && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    int posted() {
        return posted;
    }

    Latencies visible() {
        return Latencies.of(visible);
    }

    Latencies reads() {
        return Latencies.of(reads);
    }

    private int get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(query + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + readKey).GET().build();
            return IngestBench.HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private String getBody(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(query + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + readKey).GET().build();
            return IngestBench.HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return null;
        }
    }
}
