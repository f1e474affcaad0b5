package io.apilogs.bench;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.apilogs.localstack.util.Env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 5's live benchmark: latency from ingest's 202 to the item's arrival on a timeline stream, while a
 * background load posts events and many other subscribers listen on the same instance. Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./apilogs bench live [subscribers=1000] [backgroundEventsPerSecond=1000] [probes=300]}
 */
public final class LiveBench {
    // HTTP/1.1, as browsers open EventSource streams over plain http: one connection per stream (over h2c, one
    // connection would carry them all, up to its limit of concurrent streams).
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final int WARM_UP = 60;

    private LiveBench() {
    }

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int probes = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        Path data = root.resolve("bench/target/live-bench-" + UUID.randomUUID());
        System.out.printf("live bench: %d idle subscribers, %d background events/s, %d probes%n", subscribers, rate, probes);
        try (RunningSystem system = RunningSystem.start(root, data, Bench.freePort(), Bench.freePort(),
                Bench.ADMIN_TOKEN,
                // Every subscriber uses the one read key: lift the per-key stream limit above their number.
                java.util.Map.of("APILOGS_STREAMS_MAX_PER_KEY", String.valueOf(subscribers + 100)))) {
            AdminClient.Workspace ws = system.admin().createWorkspace("live-bench");
            String query = system.query().baseUrl();
            String ingest = system.ingest().baseUrl();

            // Idle subscribers, 10 per conversation, each expecting one item; each stream's first line names it.
            Map<String, AtomicLong> received = new ConcurrentHashMap<>();
            Map<String, String> streamNames = new ConcurrentHashMap<>();
            CountDownLatch opened = new CountDownLatch(subscribers);
            for (int i = 0; i < subscribers; i++) {
                String conv = "idle-" + (i / 10);
                String name = conv + "#" + i;
                AtomicLong counter = received.computeIfAbsent(name, k -> new AtomicLong());
                HTTP.sendAsync(stream(query, conv, ws.readKey()), HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                    opened.countDown();
                    response.body().forEach(line -> {
                        if (line.startsWith("id:")) {
                            counter.incrementAndGet();
                        } else if (line.startsWith(":") && line.substring(1).trim().startsWith("open ")) {
                            streamNames.put(name, line.substring(1).trim().substring("open ".length()));
                        }
                    });
                });
            }
            boolean allOpen = opened.await(60, TimeUnit.SECONDS);
            System.out.printf("subscribers open: %d of %d%n", subscribers - opened.getCount(), subscribers);

            // Background load.
            ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
            AtomicLong background = new AtomicLong();
            int perTick = Math.max(1, rate / 10);
            load.scheduleAtFixedRate(() -> {
                StringBuilder body = new StringBuilder("{\"events\":[");
                for (int i = 0; i < perTick; i++) {
                    long n = background.incrementAndGet();
                    body.append(i == 0 ? "" : ",").append(event("bg-" + n, "bg-" + (n % 500), Instant.now()));
                }
                body.append("]}");
                post(ingest, ws.ingestKey(), body.toString());
            }, 0, 100, TimeUnit.MILLISECONDS);

            // Wake each idle conversation once, so every idle subscriber must receive exactly one item.
            StringBuilder wake = new StringBuilder("{\"events\":[");
            for (int c = 0; c < (subscribers + 9) / 10; c++) {
                wake.append(c == 0 ? "" : ",").append(event("idle-event-" + c, "idle-" + c, Instant.now()));
            }
            post(ingest, ws.ingestKey(), wake.append("]}").toString());

            // Probes: one subscriber, one event at a time, 202 to arrival.
            String probeConv = "probe-" + UUID.randomUUID();
            ConcurrentHashMap<String, Long> arrivals = new ConcurrentHashMap<>();
            HTTP.sendAsync(stream(query, probeConv, ws.readKey()), HttpResponse.BodyHandlers.ofLines()).thenAccept(response ->
                    response.body().forEach(line -> {
                        if (line.startsWith("id:")) {
                            arrivals.put(line.substring(3).trim(), System.nanoTime());
                        }
                    }));
            Thread.sleep(2000);
            double[] latencies = new double[probes];
            // The slowest probe of each run of 30, in posting order: shows whether slow deliveries cluster (a stall) or spread.
            List<String> slowestPer30 = new ArrayList<>();
            double slowest = 0;
            int measured = 0;
            // The first probes meet a cold system (consumers joining their group, code not yet compiled): timed apart.
            double warmUpMax = 0;
            for (int p = 1; p <= WARM_UP + probes; p++) {
                post(ingest, ws.ingestKey(), "{\"events\":[" + event("probe-" + p + "-" + probeConv, probeConv, Instant.now()) + "]}");
                long accepted = System.nanoTime();
                String seq = Integer.toString(p);
                long deadline = accepted + TimeUnit.SECONDS.toNanos(10);
                while (!arrivals.containsKey(seq) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Long arrival = arrivals.get(seq);
                if (p <= WARM_UP) {
                    warmUpMax = Math.max(warmUpMax, arrival == null ? Double.POSITIVE_INFINITY : (arrival - accepted) / 1e6);
                    Thread.sleep(100);
                    continue;
                }
                if (arrival != null) {
                    latencies[measured++] = (arrival - accepted) / 1e6;
                    slowest = Math.max(slowest, latencies[measured - 1]);
                }
                if ((p - WARM_UP) % 30 == 0) {
                    slowestPer30.add(String.format("%.0f", slowest));
                    slowest = 0;
                }
                Thread.sleep(100);
            }
            load.shutdownNow();
            double[] sorted = Arrays.copyOf(latencies, measured);
            Arrays.sort(sorted);
            long delivered = received.values().stream().filter(c -> c.get() == 1).count();
            long duplicated = received.values().stream().filter(c -> c.get() > 1).count();
            System.out.printf("background events posted: %d%n", background.get());
            System.out.printf("idle subscribers that got their one item: %d of %d (more than one: %d)%s%n",
                    delivered, subscribers, duplicated, allOpen ? "" : " (not all streams opened)");
            List<String> missed = received.entrySet().stream().filter(e -> e.getValue().get() != 1).map(Map.Entry::getKey).sorted().toList();
            if (!missed.isEmpty()) {
                String live = get(query + "/v1/admin/workspaces/" + ws.id() + "/live", Bench.ADMIN_TOKEN);
                for (String name : missed.subList(0, Math.min(20, missed.size()))) {
                    String stream = streamNames.get(name);
                    System.out.printf("  %s received %d items on stream %s; the server says it sent: %s%n", name, received.get(name).get(),
                            stream, stream == null ? "(stream never named itself)" : serverView(live, stream));
                }
            }
            System.out.printf("202 -> SSE delivery over %d probes (ms): p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  (lost: %d)%n",
                    measured, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1],
                    probes - measured);
            System.out.printf("slowest probe of each 30, in order (ms): %s; before them, %d warm-up probes: max %.0f ms%n",
                    String.join(" ", slowestPer30), WARM_UP, warmUpMax);
        }
        Bench.deleteTree(data);
        System.exit(0);
    }

    private static HttpRequest stream(String query, String conv, String key) {
        return HttpRequest.newBuilder(URI.create(query + "/v1/conversations/" + conv + "/timeline/stream"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream").build();
    }

    private static String event(String id, String conv, Instant at) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"" + conv + "\"},"
                + "\"assistant\":{\"id\":\"bench\"},\"startedAt\":\"" + at + "\",\"durationMs\":500,\"model\":\"gpt-4o\","
                + "\"usage\":{\"inputTokens\":1200,\"outputTokens\":80},\"response\":{\"text\":\"ok\"}}";
    }

    private static void post(String ingest, String key, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/events"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                System.err.println("ingest answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("post failed: " + e);
        }
    }

    private static String get(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The server's record of one stream in the operator's listing: what it was sent and its last seq. */
    private static String serverView(String listing, String stream) throws IOException {
        for (com.fasterxml.jackson.databind.JsonNode item : new com.fasterxml.jackson.databind.ObjectMapper().readTree(listing).path("items")) {
            if (stream.equals(item.path("stream").asText())) {
                return item.toString();
            }
        }
        return "(not open on the server)";
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
