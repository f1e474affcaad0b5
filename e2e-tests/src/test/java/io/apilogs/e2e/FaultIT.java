package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 202 is a promise: under load, stop PostgreSQL, restart the broker, or kill -9 the writer, and every event
 * accepted (by clients that retry 503s with the same eventIds, as API.md says) is stored exactly once.
 */
class FaultIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static RunningSystem system;

    @BeforeAll
    static void start() {
        system = SharedSystem.start("faults");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** Clients posting batches of fresh events; a batch answered 503 or lost to an I/O error is retried whole. */
    private static final class Load implements AutoCloseable {
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();
        final List<String> unexpected = new ArrayList<>();

        Load(String key, String tag, int clients) {
            for (int t = 0; t < clients; t++) {
                int client = t;
                Thread thread = new Thread(() -> {
                    for (int n = 0; running.get(); n++) {
                        List<String> ids = new ArrayList<>();
                        StringBuilder body = new StringBuilder("{\"events\":[");
                        for (int i = 0; i < 10; i++) {
                            String id = tag + "-" + client + "-" + n + "-" + i;
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(id)
                                    .append("\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"").append(tag).append("-conv-").append(n % 25)
                                    .append("\"},\"assistant\":{\"id\":\"a\"},\"startedAt\":\"2026-11-25T10:00:00Z\",\"durationMs\":10,")
                                    .append("\"model\":\"gpt-4o\",\"usage\":{\"inputTokens\":10,\"outputTokens\":1}}");
                        }
                        body.append("]}");
                        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                        while (System.nanoTime() < deadline) {
                            int status = post(key, body.toString());
                            if (status == 202) {
                                accepted.addAll(ids);
                                break;
                            }
                            if (status != 503 && status != -1) {
                                synchronized (unexpected) {
                                    unexpected.add("status " + status);
                                }
                                break;
                            }
                            unavailable.incrementAndGet();
                            sleep(200);
                        }
                        sleep(20);
                    }
                }, "load-" + t);
                thread.start();
                threads.add(thread);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(150_000);
            }
        }
    }

    private static int post(String key, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(system.ingest().baseUrl() + "/v1/events"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long count(String sql, String workspaceId) throws Exception {
        try (Connection c = DriverManager.getConnection(system.stack().jdbcUrl(), system.stack().user(), system.stack().password());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, workspaceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every accepted event stored once, and counted once in the roll-ups. */
    private static void assertExactlyOnce(AdminClient.Workspace ws, Load load) throws Exception {
        assertThat(load.unexpected).isEmpty();
        long accepted = load.accepted.size();
        assertThat(accepted).isGreaterThan(0);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(count("select count(*) from llm_calls where workspace_id = ?", ws.id())).isEqualTo(accepted));
        assertThat(count("select count(distinct call_id) from llm_calls where workspace_id = ?", ws.id())).isEqualTo(accepted);
        assertThat(count("select count(*) from processed_events where workspace_id = ?", ws.id())).isEqualTo(accepted);
        assertThat(count("select coalesce(sum(call_count), 0) from conversations where workspace_id = ?", ws.id())).isEqualTo(accepted);
        assertThat(count("select coalesce(sum(calls), 0) from usage_hourly_model where workspace_id = ?", ws.id())).isEqualTo(accepted);
    }

    @Test
    void databaseOutageUnderLoadLosesAndDoublesNothing() throws Exception {
        AdminClient.Workspace ws = system.admin().createWorkspace("pg-outage");
        Load load = new Load(ws.ingestKey(), "pg", 3);
        try (load) {
            sleep(3000);
            system.stack().pg().stop();
            sleep(5000);
            system.stack().pg().restart();
            sleep(3000);
        }
        assertExactlyOnce(ws, load);
    }

    @Test
    void brokerRestartUnderLoadStoresEveryAcceptedEventOnce() throws Exception {
        AdminClient.Workspace ws = system.admin().createWorkspace("broker-restart");
        Load load = new Load(ws.ingestKey(), "kafka", 3);
        try (load) {
            sleep(3000);
            system.stack().kafka().restart();
            sleep(4000);
        }
        assertExactlyOnce(ws, load);
    }

    @Test
    void writerKilledMidBatchLosesAndDoublesNothing() throws Exception {
        AdminClient.Workspace ws = system.admin().createWorkspace("writer-kill");
        Load load = new Load(ws.ingestKey(), "kill", 3);
        try (load) {
            sleep(3000);
            system.crashAndRestartQuery();
            sleep(3000);
        }
        assertExactlyOnce(ws, load);
    }

    @Test
    void theSameEventPostedThreeTimesAtOnceIsStoredAndCountedOnce() throws Exception {
        AdminClient.Workspace ws = system.admin().createWorkspace("triple");
        String body = "{\"events\":[{\"eventId\":\"triple-1\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"t\"},"
                + "\"assistant\":{\"id\":\"a\"},\"startedAt\":\"2026-11-25T10:00:00Z\",\"model\":\"gpt-4o\","
                + "\"usage\":{\"inputTokens\":10,\"outputTokens\":1}}]}";
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 3; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                statuses.add(post(ws.ingestKey(), body));
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(statuses).containsExactly(202);
        String marker = "{\"events\":[{\"eventId\":\"triple-marker\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"t\"},"
                + "\"assistant\":{\"id\":\"a\"},\"startedAt\":\"2026-11-25T10:00:01Z\",\"model\":\"gpt-4o\"}]}";
        assertThat(post(ws.ingestKey(), marker)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("select count(*) from llm_calls where workspace_id = ?", ws.id())).isEqualTo(2));
        assertThat(count("select call_count from conversations where workspace_id = ?", ws.id())).isEqualTo(2);
        assertThat(count("select input_tokens from conversations where workspace_id = ?", ws.id())).isEqualTo(10);
    }
}
