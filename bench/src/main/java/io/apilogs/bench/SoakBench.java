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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 6's soak run: clients post for minutes while PostgreSQL stops, the broker restarts and the writer is
 * killed -9, in turn; batches answered 503 are retried whole with the same eventIds. Then it counts what was
 * stored. Prints sent / accepted / 503s / stored / duplicated / lost; asserts nothing.
 *
 * <p>Usage: {@code ./apilogs bench soak [minutes=3] [clients=4]}
 */
public final class SoakBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long pauseMillis = args.length > 2 ? Long.parseLong(args[2]) : 50;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        try (RunningSystem system = RunningSystem.start(root, root.resolve("bench/target/soak-" + UUID.randomUUID()),
                Bench.freePort(), Bench.freePort(), "soak-admin-token-for-benchmarks-only-0000")) {
            AdminClient.Workspace ws = system.admin().createWorkspace("soak");
            String url = system.ingest().baseUrl() + "/v1/events";
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicLong sent = new AtomicLong();
            AtomicLong requests = new AtomicLong();
            AtomicLong unavailable = new AtomicLong();
            AtomicLong other = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int client = t;
                Thread thread = new Thread(() -> {
                    for (int n = 0; running.get(); n++) {
                        List<String> ids = new ArrayList<>();
                        StringBuilder body = new StringBuilder("{\"events\":[");
                        for (int i = 0; i < 20; i++) {
                            String id = "soak-" + client + "-" + n + "-" + i;
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(id)
                                    .append("\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"soak-").append(client).append('-').append(n / 50)
                                    .append("\"},\"assistant\":{\"id\":\"soak\"},\"startedAt\":\"2026-11-25T10:00:00Z\",\"durationMs\":5,")
                                    .append("\"model\":\"gpt-4o\",\"usage\":{\"inputTokens\":100,\"outputTokens\":10},\"response\":{\"text\":\"ok\"}}");
                        }
                        body.append("]}");
                        sent.addAndGet(ids.size());
                        while (true) {
                            requests.incrementAndGet();
                            int status = post(url, ws.ingestKey(), body.toString());
                            if (status == 202) {
                                accepted.addAll(ids);
                                break;
                            }
                            if (status == 503 || status == -1) {
                                unavailable.incrementAndGet();
                                Bench.sleep(250);
                            } else {
                                other.incrementAndGet();
                                break;
                            }
                        }
                        // A steady rate the single writer can follow, so the figures measure faults, not backlog.
                        Bench.sleep(pauseMillis);
                    }
                }, "soak-client-" + t);
                thread.start();
                threads.add(thread);
            }
            long end = System.nanoTime() + (long) (minutes * 60e9);
            int fault = 0;
            List<String> faults = new ArrayList<>();
            while (System.nanoTime() < end) {
                Bench.sleep(10_000);
                switch (fault++ % 3) {
                    case 0 -> {
                        system.stack().pg().stop();
                        Bench.sleep(5000);
                        system.stack().pg().restart();
                        faults.add("PostgreSQL stopped 5 s");
                    }
                    case 1 -> {
                        system.stack().kafka().restart();
                        faults.add("broker restarted");
                    }
                    default -> {
                        system.crashAndRestartQuery();
                        faults.add("query-service (writer) killed -9 and restarted");
                    }
                }
                System.out.printf("fault %d: %s; accepted so far %d%n", fault, faults.get(faults.size() - 1), accepted.size());
            }
            running.set(false);
            for (Thread thread : threads) {
                thread.join(180_000);
            }
            long expected = accepted.size();
            // Wait for the writer to drain its backlog: until every accepted event is stored, or nothing moves for a minute.
            long[] counts = counts(system, ws.id());
            long lastChange = System.nanoTime();
            while (counts[0] < expected && System.nanoTime() - lastChange < Duration.ofMinutes(1).toNanos()) {
                Bench.sleep(1000);
                long[] next = counts(system, ws.id());
                if (next[0] != counts[0]) {
                    lastChange = System.nanoTime();
                }
                counts = next;
            }
            long stored = counts[0];
            long distinct = counts[1];
            long rollup = counts[2];
            long lost = 0;
            try (Connection c = DriverManager.getConnection(system.stack().jdbcUrl(), system.stack().user(), system.stack().password());
                 PreparedStatement s = c.prepareStatement("select 1 from call_keys where workspace_id = ? and call_id = ?")) {
                for (String id : accepted) {
                    s.setString(1, ws.id());
                    s.setString(2, id);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            lost++;
                        }
                    }
                }
            }
            System.out.printf("%nsoak: %.1f min, %d clients (batches of 20, %d ms apart), faults: %s%n", minutes, clients, pauseMillis, faults);
            System.out.printf("sent %d events in %d requests; accepted (202) %d; 503/IO answers retried %d; other answers %d%n",
                    sent.get(), requests.get(), expected, unavailable.get(), other.get());
            System.out.printf("stored %d; duplicated %d; lost %d; conversation roll-ups count %d%n",
                    stored, stored - distinct, lost, rollup);
        }
        System.exit(0);
    }

    /** Stored calls, distinct callIds and the roll-ups' call count, in one snapshot. */
    private static long[] counts(RunningSystem system, String workspaceId) {
        try (Connection c = DriverManager.getConnection(system.stack().jdbcUrl(), system.stack().user(), system.stack().password());
             PreparedStatement s = c.prepareStatement("""
                     select (select count(*) from llm_calls where workspace_id = $1),
                            (select count(distinct call_id) from llm_calls where workspace_id = $1),
                            (select coalesce(sum(call_count), 0) from conversations where workspace_id = $1)""".replace("$1", "?"))) {
            s.setString(1, workspaceId);
            s.setString(2, workspaceId);
            s.setString(3, workspaceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        } catch (Exception e) {
            return new long[]{-1, -1, -1};
        }
    }

    private static int post(String url, String key, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
