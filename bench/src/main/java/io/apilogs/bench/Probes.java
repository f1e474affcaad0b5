package io.apilogs.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * During the load: probe calls posted four times a second (202 → committed and pushed on the timeline stream), and
 * reads of the activity log and of a timeline, timed.
 */
final class Probes {
    private static final Pattern CALLS = Pattern.compile("\"totals\":\\{\"calls\":(\\d+)");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final String ingest;
    private final String query;
    private final String ingestKey;
    private final String readKey;
    private final String runId;
    private final List<Long> visible = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> reads = Collections.synchronizedList(new ArrayList<>());
    private volatile int posted;
    private volatile int missing;
    private volatile boolean postingDone;

    Probes(String ingest, String query, String ingestKey, String readKey, String runId) {
        this.ingest = ingest;
        this.query = query;
        this.ingestKey = ingestKey;
        this.readKey = readKey;
        this.runId = runId;
    }

    /**
     * Posts a probe every 250 ms, whatever the backlog, and times each from its 202 to its arrival on the probe
     * conversation's timeline stream (which sends only committed items, each fetchable at once from the REST API).
     */
    void run(long deadline) {
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        Thread listener = new Thread(() -> listen(acceptedAt), "probe-stream");
        listener.setDaemon(true);
        listener.start();
        Bench.sleep(500);
        while (System.nanoTime() < deadline) {
            String id = runId + "-probe-" + posted;
            String body = """
                    {"events":[{"eventId":"%s","type":"llm_call","conversation":{"id":"%s-probes","subject":"Probes"},\
                    "assistant":{"id":"probe"},"startedAt":"%s","durationMs":5,"model":"gpt-4o-mini",\
                    "usage":{"inputTokens":1,"outputTokens":1}}]}""".formatted(id, runId, Instant.now());
            while (IngestBench.post(ingest, ingestKey, body) != 202) {
                Bench.sleep(100);
            }
            accepted(acceptedAt, id, System.nanoTime());
            posted++;
            Bench.sleep(250);
        }
        postingDone = true;
        // Wait for the last probes (behind the backlog) for up to ten minutes.
        long give = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (visible.size() < posted && System.nanoTime() < give) {
            Bench.sleep(100);
        }
        missing = posted - visible.size();
    }

    /** Probes whose item came on the stream before their 202 reached the poster (both race on a lightly loaded stack). */
    private final java.util.Set<String> early = new java.util.HashSet<>();

    private synchronized void accepted(Map<String, Long> times, String id, long now) {
        if (early.remove(id)) {
            visible.add(0L);
        } else {
            times.put(id, now);
        }
    }

    private synchronized void arrived(Map<String, Long> times, String id, long now) {
        Long acceptedAt = times.remove(id);
        if (acceptedAt == null) {
            early.add(id);
        } else {
            visible.add(now - acceptedAt);
        }
    }

    private void listen(Map<String, Long> acceptedAt) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(query + "/v1/conversations/" + runId + "-probes/timeline/stream"))
                    .header("Authorization", "Bearer " + readKey).header("Accept", "text/event-stream").GET().build();
            HttpResponse<java.util.stream.Stream<String>> response = IngestBench.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            response.body().forEach(line -> {
                Matcher m = ID.matcher(line);
                if (line.startsWith("data:") && m.find()) {
                    arrived(acceptedAt, m.group(1), System.nanoTime());
                }
            });
        } catch (Exception e) {
            // the run is over
        }
    }

    boolean postingDone() {
        return postingDone;
    }

    int missing() {
        return missing;
    }

    void read(long deadline) {
        boolean list = true;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            get(list ? "/v1/conversations?limit=50" : "/v1/conversations/" + runId + "-probes/timeline?limit=50");
            reads.add(System.nanoTime() - t0);
            list = !list;
            Bench.sleep(100);
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
        HttpResponse<Void> response = send(path, HttpResponse.BodyHandlers.discarding());
        return response == null ? 0 : response.statusCode();
    }

    private String getBody(String path) {
        HttpResponse<String> response = send(path, HttpResponse.BodyHandlers.ofString());
        return response == null ? null : response.body();
    }

    /** A GET with the read key; null when it failed to go through. */
    private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(query + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + readKey).GET().build();
            return IngestBench.HTTP.send(request, handler);
        } catch (Exception e) {
            return null;
        }
    }
}
