package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.apilogs.localstack.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Hostile input against the packaged services: forged tokens, path tricks, floods, bombs and slow clients. */
@ExtendWith(SharedSystem.class)
class SecurityIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static RunningSystem system;
    private static AdminClient.Workspace ws;
    private static String queryUrl;
    private static String ingestUrl;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("security");
        queryUrl = system.query().baseUrl();
        ingestUrl = system.ingest().baseUrl();
    }

    private static String keyId(String scope) {
        List<Map<String, String>> keys = given().baseUri(queryUrl).header("Authorization", "Bearer " + adminToken())
                .get("/v1/admin/workspaces/" + ws.id() + "/keys").then().statusCode(200).extract().path("items");
        return keys.stream().filter(k -> k.get("scope").equals(scope)).findFirst().orElseThrow().get("id");
    }

    private static String adminToken() {
        return system.adminToken();
    }

    @Test
    void tokensSignedWithAnyConstantOfTheSourceAreRefused() throws Exception {
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        Set<String> constants = ForgedTokens.constants(root, List.of("query-service", "service-security", "local-stack", "shared-model"));
        assertThat(constants).contains("apilogs-cursor-secret-change-me").hasSizeGreaterThan(100);
        String readKeyId = keyId("read");
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (String constant : constants) {
            for (String token : ForgedTokens.forge(constant, ws.id(), readKeyId)) {
                // Only the status matters; the stream itself is never opened for a forged token.
                HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/v1/activity/stream?streamToken=" + token))
                        .timeout(Duration.ofSeconds(20)).build();
                answers.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
                if (answers.size() % 64 == 0) {
                    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
                }
            }
        }
        for (CompletableFuture<HttpResponse<Void>> answer : answers) {
            assertThat(answer.join().statusCode()).isEqualTo(401);
        }
        System.out.printf("forged stream tokens refused: %d (%d constants)%n", answers.size(), constants.size());
    }

    @Test
    void revokingTheKeyThatMintedAStreamTokenEndsTheToken() throws Exception {
        AdminClient admin = system.admin();
        String key = admin.createKey(ws.id(), "read");
        String token = given().baseUri(queryUrl).header("Authorization", "Bearer " + key).post("/v1/stream-tokens")
                .then().statusCode(201).extract().path("token");
        String url = queryUrl + "/v1/activity/stream?streamToken=" + token;
        try (SseClient open = new SseClient(url, Map.of())) {
            assertThat(open.status()).isEqualTo(200);
        }
        List<Map<String, String>> keys = given().baseUri(queryUrl).header("Authorization", "Bearer " + adminToken())
                .get("/v1/admin/workspaces/" + ws.id() + "/keys").then().extract().path("items");
        String keyId = keys.get(keys.size() - 1).get("id");
        given().baseUri(queryUrl).header("Authorization", "Bearer " + adminToken()).delete("/v1/admin/keys/" + keyId)
                .then().statusCode(204);
        try (SseClient revoked = new SseClient(url, Map.of())) {
            assertThat(revoked.status()).isEqualTo(401);
        }
    }

    @Test
    void anOpenStreamEndsWhenItsKeyIsRevoked() throws Exception {
        String key = system.admin().createKey(ws.id(), "read");
        String keyId = lastKeyId();
        String token = given().baseUri(queryUrl).header("Authorization", "Bearer " + key).post("/v1/stream-tokens")
                .then().statusCode(201).extract().path("token");
        try (SseClient byKey = new SseClient(queryUrl + "/v1/activity/stream", Map.of("Authorization", "Bearer " + key));
             SseClient byToken = new SseClient(queryUrl + "/v1/conversations/any/timeline/stream?streamToken=" + token, Map.of())) {
            assertThat(byKey.status()).isEqualTo(200);
            assertThat(byToken.status()).isEqualTo(200);
            given().baseUri(queryUrl).header("Authorization", "Bearer " + adminToken()).delete("/v1/admin/keys/" + keyId)
                    .then().statusCode(204);
            // Checked at the next 15 s heartbeat: both streams end well within the 60 s a revocation may take.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> byKey.ended() && byToken.ended());
        }
    }

    @Test
    void aKeyRevokedOnQueryServiceIsRefusedByIngestWithinSixtySeconds() {
        String key = system.admin().createKey(ws.id(), "ingest");
        String keyId = lastKeyId();
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + key).contentType("text/plain").body("x")
                .post("/v1/events").then().statusCode(415);
        long revokedAt = System.nanoTime();
        given().baseUri(queryUrl).header("Authorization", "Bearer " + adminToken()).delete("/v1/admin/keys/" + keyId)
                .then().statusCode(204);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().baseUri(ingestUrl).header("Authorization", "Bearer " + key).contentType("text/plain").body("x")
                        .post("/v1/events").statusCode() == 401);
        System.out.printf("ingest refused the revoked key after %d s%n", (System.nanoTime() - revokedAt) / 1_000_000_000L);
    }

    private static String lastKeyId() {
        List<Map<String, String>> keys = given().baseUri(queryUrl).header("Authorization", "Bearer " + adminToken())
                .get("/v1/admin/workspaces/" + ws.id() + "/keys").then().statusCode(200).extract().path("items");
        return keys.get(keys.size() - 1).get("id");
    }

    @Test
    void pathTricksNeverGetPastAuthentication() throws Exception {
        String token = given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).post("/v1/stream-tokens")
                .then().statusCode(201).extract().path("token");
        List<String> queryTricks = List.of("//v1/conversations", "/v1/../v1/conversations", "/v1/%2e%2e/v1/conversations",
                "/v1/%2E%2E/v1/conversations", "/V1/conversations", "/v1/conversations;x=1", "/v1/conversations/",
                "/v1/conversations;x=/stream", "/v1/admin/prices/stream", "/v1/admin/keys/stream", "/v1/admin/workspaces/stream",
                "/v1/conversations/x/../../admin/workspaces", "/v1/admin/workspaces%2fstream", "/v1/activity/stream/../../conversations");
        for (String path : queryTricks) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS")) {
                int anonymous = raw(queryUrl, method, path, null);
                assertThat(anonymous).as("%s %s without credentials", method, path).isGreaterThanOrEqualTo(400).isLessThan(500);
                // OPTIONS of an authenticated caller lists the allowed methods (no data): the only 2xx allowed here.
                int withToken = raw(queryUrl, method, path + (path.contains("?") ? "&" : "?") + "streamToken=" + token, null);
                assertThat(isClientError(withToken) || method.equals("OPTIONS") && withToken == 200)
                        .as("%s %s with a stream token answered %d", method, path, withToken).isTrue();
                int withIngest = raw(queryUrl, method, path, ws.ingestKey());
                assertThat(isClientError(withIngest) || method.equals("OPTIONS") && withIngest == 200)
                        .as("%s %s with an ingest key answered %d", method, path, withIngest).isTrue();
            }
            int read = raw(queryUrl, "GET", path, ws.readKey());
            int plain = raw(queryUrl, "GET", "/v1/conversations", ws.readKey());
            assertThat(read == plain || (read >= 400 && read < 500)).as("GET %s with a read key answered %d", path, read).isTrue();
        }
        for (String path : List.of("//v1/events", "/v1/./events", "/v1/../v1/events", "/V1/events", "/v1/events;x=1",
                "/v1/events/", "/v1/%65vents", "/q/../v1/events")) {
            int anonymous = raw(ingestUrl, "POST", path, null);
            assertThat(anonymous).as("POST %s without credentials", path).isGreaterThanOrEqualTo(400).isLessThan(500);
            int wrongScope = raw(ingestUrl, "POST", path, ws.readKey());
            assertThat(wrongScope).as("POST %s with a read key", path).isGreaterThanOrEqualTo(400).isLessThan(500);
        }
    }

    /** One request over a plain socket, so the path goes out exactly as written. Returns the status. */
    private static int raw(String baseUrl, String method, String path, String key) throws Exception {
        String head = rawHead(baseUrl, method, path, key);
        return Integer.parseInt(head.split(" ")[1]);
    }

    /** The status line and headers of one request sent over a plain socket, lower-cased. */
    private static String rawHead(String baseUrl, String method, String path, String key) throws Exception {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                    + (method.equals("POST") || method.equals("PUT") ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}" : "\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                String text = head.toString(StandardCharsets.US_ASCII);
                if (text.endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString(StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static boolean isClientError(int status) {
        return status >= 400 && status < 500;
    }

    /** A replica of its own with low limits, so the flood needs few requests. */
    @Test
    void requestsAndEventsOverTheKeysRateLimitAnswer429WithRetryAfter() throws Exception {
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        Map<String, String> env = new LinkedHashMap<>(system.stack().serviceEnvironment());
        env.put("APILOGS_INGEST_RATE_LIMIT_REQUESTS_PER_SECOND", "5");
        env.put("APILOGS_INGEST_RATE_LIMIT_EVENTS_PER_SECOND", "20");
        try (ServiceProcess limited = ServiceProcess.start(root, "ingest-service", SharedSystem.freePort(), env,
                root.resolve("e2e-tests/target/limited-" + UUID.randomUUID()))) {
            limited.awaitReady(Duration.ofSeconds(90));
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/v1/events"))
                        .header("Authorization", "Bearer " + ws.ingestKey()).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(30)).build();
                answers.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> limitedAnswers = answers.stream().map(CompletableFuture::join)
                    .filter(r -> r.statusCode() == 429).toList();
            assertThat(limitedAnswers).hasSizeGreaterThanOrEqualTo(20);
            HttpResponse<String> one = limitedAnswers.get(0);
            assertThat(one.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
            assertThat(one.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(one.body()).contains("\"status\":429").contains("requests/s");
            // Another key is not slowed down by this one.
            given().baseUri(limited.baseUrl()).header("Authorization", "Bearer " + SharedSystem.newWorkspace("other").ingestKey())
                    .contentType("text/plain").body("x").post("/v1/events").then().statusCode(415);

            // The flood never reached the events bucket (415 comes after the request limit); wait until the request
            // bucket has refilled, polling slower than its 5/s refill so tokens are left for the two posts below.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    given().baseUri(limited.baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("text/plain")
                            .body("x").post("/v1/events").statusCode() == 415);
            // 21 events are more than the 20 this key may send in a second: refused whole, then 15 pass.
            String refusedConv = "limited-refused-" + UUID.randomUUID();
            String conv = "limited-" + UUID.randomUUID();
            given().baseUri(limited.baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                    .body(batch(refusedConv, 21)).post("/v1/events").then().statusCode(429)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue()).body("detail", org.hamcrest.Matchers.containsString("events/s"));
            given().baseUri(limited.baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                    .body(batch(conv, 15)).post("/v1/events").then().statusCode(202);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conv)
                            .then().statusCode(200).body("callCount", equalTo(15)));
            // Events of the refused batch were not accepted: none is stored.
            given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + refusedConv)
                    .then().statusCode(404);
        }
    }

    private static String batch(String conv, int size) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < size; i++) {
            events.append(i == 0 ? "" : ",").append("""
                    {"eventId":"%s-%d","type":"llm_call","conversation":{"id":"%s"},"assistant":{"id":"a"},
                     "startedAt":"2026-11-25T20:00:00Z","model":"gpt-4o"}""".formatted(conv, i, conv));
        }
        return "{\"events\":[" + events + "]}";
    }

    @Test
    void gzipBodiesAreInflatedWithinTheLimit() throws Exception {
        String event = """
                {"events":[{"eventId":"gz-%s","type":"llm_call","conversation":{"id":"gz-conv"},"assistant":{"id":"gz"},
                 "startedAt":"2026-11-25T20:00:00Z","model":"gpt-4o"}]}""".formatted(UUID.randomUUID());
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .header("Content-Encoding", "gzip").body(gzip(event.getBytes(StandardCharsets.UTF_8)))
                .post("/v1/events").then().statusCode(202).body("accepted", equalTo(1));
        byte[] bomb = gzip(new byte[50 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(60_000);
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .header("Content-Encoding", "gzip").body(bomb).post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json");
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .header("Content-Encoding", "gzip").body("{\"events\":[]}").post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json");
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .header("Content-Encoding", "br").body("{}").post("/v1/events").then().statusCode(415);
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void aRepeatedKeyIsRefusedWithItsPathAndNothingIsStored() {
        String id = "dk-" + UUID.randomUUID();
        String body = """
                {"events":[{"eventId":"%s-1","eventId":"%s-2","type":"llm_call","conversation":{"id":"%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T20:00:00Z","model":"gpt-4o"}]}""".formatted(id, id, id);
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json").body(body)
                .post("/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("events[0].eventId"));
        given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + id).then().statusCode(404);
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndCorsIsOff() {
        for (var response : List.of(
                given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations"),
                given().baseUri(queryUrl).get("/v1/conversations"),
                given().baseUri(ingestUrl).post("/v1/events"))) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        }
        var preflight = given().baseUri(queryUrl).header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/v1/conversations");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void frameworkRejectionsAreProblemJson() throws Exception {
        String malformed = rawHead(queryUrl, "GET", "/v1/conversations?cursor=%%%garbage", ws.readKey());
        assertThat(malformed).startsWith("http/1.1 400").contains("content-type: application/problem+json");
        String malformedIngest = rawHead(ingestUrl, "POST", "/v1/events?x=%%%", ws.ingestKey());
        assertThat(malformedIngest).startsWith("http/1.1 4").contains("content-type: application/problem+json");
        given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).delete("/v1/conversations")
                .then().statusCode(405).contentType("application/problem+json");
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).get("/v1/events")
                .then().statusCode(405).contentType("application/problem+json");
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).get("/nothing/here")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void overlongUrisAndHeadersAreProblemJson() throws Exception {
        String longUri = rawHead(queryUrl, "GET", "/v1/conversations?q=" + "a".repeat(9000), ws.readKey());
        assertThat(longUri).startsWith("http/1.1 414").contains("content-type: application/problem+json");
        String bigHeaders = rawHead(ingestUrl, "POST", "/v1/events", ws.ingestKey() + "\r\nX-Big: " + "b".repeat(20_000));
        assertThat(bigHeaders).startsWith("http/1.1 431").contains("content-type: application/problem+json");
    }

    @Test
    void aClientThatStopsSendingIsDisconnected() throws Exception {
        URI base = URI.create(ingestUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long started = System.nanoTime();
            int read = socket.getInputStream().read();
            long waitedSeconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertThat(read).as("the server closes the connection").isEqualTo(-1);
            assertThat(waitedSeconds).isLessThan(59);
        }
    }
}
