package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, finding 1, on the packaged ingest-service with its default JVM options: gzip bodies of a few KB that
 * expand into millions of events, spans or values, on /v1/events and on OTLP (JSON and protobuf). Each is refused as
 * the client's fault (400 or 413, never a 503 that asks for a retry); the service does not run out of memory or
 * restart; and another workspace posting meanwhile has every event stored.
 */
@ExtendWith(SharedSystem.class)
class CountBombIT {
    private static RunningSystem system;
    private static AdminClient.Workspace attacker;
    private static AdminClient.Workspace victim;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        attacker = SharedSystem.newWorkspace("bomber");
        victim = SharedSystem.newWorkspace("bomb-victim");
    }

    private static byte[] gzip(byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static byte[] repeated(String head, String item, int count, String tail) {
        StringBuilder json = new StringBuilder(head);
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(item);
        }
        return json.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Protobuf: {@code count} copies of {@code tag 00} (an empty message) nested in {@code wrappers} (outermost first). */
    private static byte[] protobuf(int tag, int count, int... wrappers) {
        byte[] body = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            body[2 * i] = (byte) tag;
        }
        for (int i = wrappers.length - 1; i >= 0; i--) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(wrappers[i]);
            int length = body.length;
            while ((length & ~0x7f) != 0) {
                out.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            out.write(length);
            out.writeBytes(body);
            body = out.toByteArray();
        }
        return body;
    }

    private record Bomb(String name, String path, String type, byte[] body, int status) {
    }

    private static List<Bomb> bombs() {
        return List.of(
                new Bomb("1.7M empty events", "/v1/events", "application/json", repeated("{\"events\":[", "{}", 1_700_000, "]}"), 400),
                new Bomb("1.7M empty OTLP JSON spans", "/v1/otlp/v1/traces", "application/json",
                        repeated("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[", "{}", 1_700_000, "]}]}]}"), 400),
                new Bomb("2.4M empty protobuf spans", "/v1/otlp/v1/traces", "application/x-protobuf", protobuf(0x12, 2_400_000, 0x0a, 0x12), 400),
                new Bomb("one event of 1.2M values", "/v1/events", "application/json",
                        repeated("{\"events\":[{\"eventId\":\"e\",\"messages\":[", "0", 1_200_000, "]}]}"), 413),
                new Bomb("one event of 600k values", "/v1/events", "application/json",
                        repeated("{\"events\":[{\"eventId\":\"e\",\"messages\":[", "[]", 600_000, "]}]}"), 413),
                new Bomb("one span of 2M empty attributes", "/v1/otlp/v1/traces", "application/x-protobuf",
                        protobuf(0x4a, 2_000_000, 0x0a, 0x12, 0x12), 413));
    }

    @Test
    void bombsAreRefusedAndNobodyElseNotices() throws Exception {
        long pid = system.ingest().pid();
        AtomicBoolean bombing = new AtomicBoolean(true);
        List<String> victimIds = new ArrayList<>();
        Map<Integer, Integer> victimAnswers = new TreeMap<>();
        CompletableFuture<Void> victimPosts = CompletableFuture.runAsync(() -> {
            while (bombing.get() || victimIds.size() < 20) {
                String id = "victim-" + UUID.randomUUID();
                String event = """
                        {"eventId":"%s","type":"llm_call","conversation":{"id":"victim"},"assistant":{"id":"a"},
                         "startedAt":"%s","model":"claude-sonnet-4-5","usage":{"inputTokens":10,"outputTokens":2}}"""
                        .formatted(id, Instant.now());
                int status = given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + victim.ingestKey())
                        .contentType("application/json").body("{\"events\":[" + event + "]}").post("/v1/events").statusCode();
                victimAnswers.merge(status, 1, Integer::sum);
                if (status == 202) {
                    victimIds.add(id);
                }
            }
        });
        try {
            for (int round = 0; round < 3; round++) {
                for (Bomb bomb : bombs()) {
                    byte[] zipped = gzip(bomb.body());
                    assertThat(zipped.length).as(bomb.name() + " is small on the wire").isLessThan(50_000);
                    Response answer = given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + attacker.ingestKey())
                            .header("Content-Encoding", "gzip").contentType(bomb.type()).body(zipped).post(bomb.path());
                    assertThat(answer.statusCode()).as(bomb.name() + ": " + answer.asString()).isEqualTo(bomb.status());
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                }
            }
        } finally {
            bombing.set(false);
        }
        victimPosts.get();
        System.out.printf("count bombs: the other workspace's single-event posts answered %s%n", victimAnswers);
        assertThat(victimAnswers.keySet()).as("another workspace is pushed back at most (503), never failed").isSubsetOf(202, 503);
        StoredCounts stored = StoredCounts.awaitAll(system, victim.id(), victimIds.size(), Duration.ofSeconds(60));
        assertThat(stored.rows()).isEqualTo(victimIds.size());
        assertThat(system.ingest().pid()).as("ingest-service never exited").isEqualTo(pid);
        assertThat(system.ingest().isAlive()).isTrue();
        assertThat(Files.readString(system.ingest().log())).doesNotContain("OutOfMemoryError");
    }
}
