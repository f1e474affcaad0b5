package io.apilogs.query.security;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** How each route without workspace-owned ids keeps other workspaces out. Every such route must have a case here. */
final class Isolation {
    interface Case {
        void verify(Fixture f) throws Exception;
    }

    static final Map<String, Case> CASES = Map.ofEntries(
            entry("GET /v1/conversations", Isolation::activityList),
            entry("GET /v1/conversations/{id}/timeline/stream", Isolation::timelineStream),
            entry("GET /v1/activity/stream", Isolation::activityStream),
            entry("GET /v1/calls/stream", f -> liveStream(f, "/v1/calls/stream", Isolation::call)),
            entry("GET /v1/tool-executions/stream", f -> liveStream(f, "/v1/tool-executions/stream", Isolation::tool)),
            entry("GET /v1/http-requests/stream", f -> liveStream(f, "/v1/http-requests/stream", Isolation::http)),
            entry("GET /v1/assistants", f -> facet(f, "/v1/assistants", "items.id", f.a.assistant(), f.b.assistant())),
            entry("GET /v1/models", f -> facet(f, "/v1/models", "items.model", f.a.model(), f.b.model())),
            entry("GET /v1/users", f -> facet(f, "/v1/users", "items.id", f.a.user(), f.b.user())),
            entry("GET /v1/tags", f -> facet(f, "/v1/tags", "items.tag", f.a.tag(), f.b.tag())),
            entry("GET /v1/calls", f -> facet(f, "/v1/calls?limit=200", "items.callId", f.a.callId(), f.b.callId())),
            entry("GET /v1/calls/summary", Isolation::callSummary),
            entry("GET /v1/tool-executions", f -> facet(f, "/v1/tool-executions?limit=200", "items.id", f.a.toolId(), f.b.toolId())),
            entry("GET /v1/http-requests", f -> facet(f, "/v1/http-requests?limit=200", "items.id", f.a.httpId(), f.b.httpId())),
            entry("GET /v1/export/tool-executions", f -> exported(f, "/v1/export/tool-executions", f.a.toolId(), f.b.toolId())),
            entry("GET /v1/export/http-requests", f -> exported(f, "/v1/export/http-requests", f.a.httpId(), f.b.httpId())),
            entry("GET /v1/export/calls", f -> exported(f, "/v1/export/calls", f.a.callId(), f.b.callId())),
            entry("GET /v1/export/conversations", f -> exported(f, "/v1/export/conversations", f.a.conversation(), f.b.conversation())),
            entry("GET /v1/analytics/usage", f -> facet(f, "/v1/analytics/usage?groupBy=model&from=2026-11-01&to=2026-11-30",
                    "items.key", f.a.model(), f.b.model())),
            entry("GET /v1/analytics/series", f -> facet(f, "/v1/analytics/series?groupBy=model&from=2026-11-01&to=2026-11-30",
                    "series.key", f.a.model(), f.b.model())),
            entry("GET /v1/pricing", Isolation::prices),
            entry("PUT /v1/admin/prices/{model}", Isolation::prices),
            entry("POST /v1/admin/reprice", Isolation::prices),
            entry("POST /v1/stream-tokens", Isolation::streamTokens),
            entry("POST /v1/admin/workspaces", Isolation::newWorkspaceSeesNothing),
            entry("GET /v1/admin/workspaces/{id}/keys", Isolation::keyListing),
            entry("POST /v1/admin/workspaces/{id}/keys", Isolation::newKeyIsConfinedToItsWorkspace),
            entry("DELETE /v1/admin/keys/{keyId}", Isolation::revocationOnlyByTheOperator),
            entry("GET /v1/admin/workspaces/{id}/live", Isolation::liveStreamsOnlyOfTheWorkspaceAsked),
            entry("POST /v1/admin/workspaces/{id}/login-tokens", Isolation::signInOpensOnlyTheTokensWorkspace),
            entry("POST /v1/session", Isolation::signInOpensOnlyTheTokensWorkspace),
            entry("GET /v1/session", Isolation::sessionDescribesTheCallersWorkspace),
            entry("DELETE /v1/session", Isolation::signOutEndsOnlyTheCallersSession));

    private Isolation() {
    }

    private static RequestSpecification as(Fixture f, String key) {
        return given().baseUri(f.baseUrl).header("Authorization", "Bearer " + key);
    }

    private static void activityList(Fixture f) {
        List<String> ids = as(f, f.a.ws().readKey()).get("/v1/conversations?limit=200").then().statusCode(200)
                .extract().path("items.conversationId");
        assertThat(ids).contains(f.a.conversation()).doesNotContain(f.b.conversation());
        as(f, f.a.ws().readKey()).get("/v1/conversations?q=" + f.b.conversation().substring(5)).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
    }

    private static void exported(Fixture f, String path, String own, String foreign) {
        String text = as(f, f.a.ws().readKey()).get(path + "?format=csv").then().statusCode(200).extract().asString();
        assertThat(text).as(path).contains(own).doesNotContain(foreign);
    }

    private static void callSummary(Fixture f) {
        as(f, f.a.ws().readKey()).get("/v1/calls/summary?model=" + f.b.model()).then().statusCode(200).body("count", org.hamcrest.Matchers.equalTo(0));
        as(f, f.a.ws().readKey()).get("/v1/calls/summary?model=" + f.a.model()).then().statusCode(200).body("count", org.hamcrest.Matchers.greaterThan(0));
    }

    private static void facet(Fixture f, String path, String field, String own, String foreign) {
        List<String> values = as(f, f.a.ws().readKey()).get(path).then().statusCode(200).extract().path(field);
        assertThat(values).as(path).contains(own).doesNotContain(foreign);
    }

    /** Replay from seq 0 would send the other workspace's items at once if the stream were not confined. */
    private static void timelineStream(Fixture f) throws Exception {
        Map<String, String> aKey = Map.of("Authorization", "Bearer " + f.a.ws().readKey());
        StreamReader.Read own = StreamReader.read(f.baseUrl + "/v1/conversations/" + f.a.conversation() + "/timeline/stream",
                aKey, Duration.ofSeconds(10), text -> count(text, "event:item") >= 3);
        assertThat(count(own.text(), "event:item")).isEqualTo(3);
        StreamReader.Read foreign = StreamReader.read(f.baseUrl + "/v1/conversations/" + f.b.conversation() + "/timeline/stream",
                aKey, Duration.ofMillis(1500), text -> text.contains("event:item"));
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.text()).doesNotContain("event:item").doesNotContain(f.b.callId());
    }

    /** The operator sees the open streams of the workspace asked for, each with what it was sent; no workspace key does. */
    private static void liveStreamsOnlyOfTheWorkspaceAsked(Fixture f) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean checked = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<StreamReader.Read> read = new java.util.concurrent.atomic.AtomicReference<>();
        Thread holder = new Thread(() -> {
            try {
                read.set(StreamReader.read(f.baseUrl + "/v1/conversations/" + f.a.conversation() + "/timeline/stream",
                        Map.of("Authorization", "Bearer " + f.a.ws().readKey()), Duration.ofSeconds(30), text -> checked.get()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        String live = "/v1/admin/workspaces/" + f.a.ws().id() + "/live";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                as(f, LocalStackTestResource.ADMIN_TOKEN).get(live).then().statusCode(200)
                        .body("items.findAll { it.conversationId == '" + f.a.conversation() + "' }.sent", org.hamcrest.Matchers.hasItem(3)));
        String stream = as(f, LocalStackTestResource.ADMIN_TOKEN).get(live).then()
                .extract().path("items.find { it.conversationId == '" + f.a.conversation() + "' }.stream");
        as(f, LocalStackTestResource.ADMIN_TOKEN).get(live).then()
                .body("items.find { it.stream == '" + stream + "' }.lastSentSeq", org.hamcrest.Matchers.equalTo(3));
        as(f, LocalStackTestResource.ADMIN_TOKEN).get("/v1/admin/workspaces/" + f.b.ws().id() + "/live").then().statusCode(200)
                .body("items.conversationId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(f.a.conversation())));
        as(f, f.a.ws().adminKey()).get(live).then().statusCode(403);
        as(f, f.a.ws().readKey()).get(live).then().statusCode(403);
        checked.set(true);
        holder.join();
        assertThat(read.get().text()).as("the stream's first line names it").contains("open " + stream);
    }

    /** B's new conversation is committed before A's; A's stream sees only its own. */
    private static void activityStream(Fixture f) throws Exception {
        liveStream(f, "/v1/activity/stream", Isolation::call);
    }

    /** A live list of a's sends a's new items, never b's. */
    private static void liveStream(Fixture f, String path, java.util.function.BiFunction<String, String, Event> item) throws Exception {
        String aConv = "live-a-" + UUID.randomUUID();
        String bConv = "live-b-" + UUID.randomUUID();
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(700);
                f.send(f.b.ws().id(), bConv, List.of(item.apply(f.b.ws().id(), bConv)));
                f.send(f.a.ws().id(), aConv, List.of(item.apply(f.a.ws().id(), aConv)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        poster.start();
        StreamReader.Read read = StreamReader.read(f.baseUrl + path,
                Map.of("Authorization", "Bearer " + f.a.ws().readKey()), Duration.ofSeconds(30), text -> text.contains(aConv));
        poster.join();
        assertThat(read.text()).contains(aConv).doesNotContain(bConv);
    }

    private static Event call(String workspaceId, String conversation) {
        return new LlmCallEvent(workspaceId, "ev-" + conversation, new ConversationRef(conversation, null), new AssistantRef("live", null),
                Instant.parse("2026-11-21T10:00:00Z"), 10L, null, "openai", "gpt-4o", null, null, null, null,
                new Usage(1L, 1L, null, null, null, null), null, null, null);
    }

    private static Event tool(String workspaceId, String conversation) {
        return new io.apilogs.model.event.ToolExecutionEvent(workspaceId, "tool-" + conversation, new ConversationRef(conversation, null),
                new AssistantRef("live", null), Instant.parse("2026-11-21T10:00:00Z"), 10L, "tc", null, "search", null, null, null);
    }

    private static Event http(String workspaceId, String conversation) {
        return new io.apilogs.model.event.HttpRequestEvent(workspaceId, "http-" + conversation, new ConversationRef(conversation, null),
                new AssistantRef("live", null), Instant.parse("2026-11-21T10:00:00Z"), 10L, "shop", "tc", "GET", "https://shop.example/x", 200,
                null, null, null, null, null, null, null);
    }

    /** A's admin prices B's model and reprices: B's pricing and B's stored cost do not change. */
    private static void prices(Fixture f) {
        as(f, f.a.ws().adminKey()).contentType("application/json").body(Map.of("inputPerMTok", 1000, "outputPerMTok", 1000))
                .put("/v1/admin/prices/" + f.b.model()).then().statusCode(200);
        as(f, f.a.ws().adminKey()).post("/v1/admin/reprice?from=2026-11-01&to=2026-11-30").then().statusCode(200);
        List<String> aModels = as(f, f.a.ws().readKey()).get("/v1/pricing").then().statusCode(200).extract().path("items.model");
        assertThat(aModels).contains(f.b.model());
        List<String> bModels = as(f, f.b.ws().readKey()).get("/v1/pricing").then().statusCode(200).extract().path("items.model");
        assertThat(bModels).doesNotContain(f.b.model());
        Object bCost = as(f, f.b.ws().readKey()).get("/v1/calls/" + f.b.callId()).then().statusCode(200).extract().path("costUsd");
        assertThat(bCost).isNull();
    }

    private static void streamTokens(Fixture f) throws Exception {
        String token = as(f, f.a.ws().readKey()).post("/v1/stream-tokens").then().statusCode(201).extract().path("token");
        StreamReader.Read own = StreamReader.read(f.baseUrl + "/v1/conversations/" + f.a.conversation() + "/timeline/stream?streamToken="
                + token, Map.of(), Duration.ofSeconds(10), text -> text.contains("event:item"));
        assertThat(own.text()).contains("event:item");
        StreamReader.Read foreign = StreamReader.read(f.baseUrl + "/v1/conversations/" + f.b.conversation()
                + "/timeline/stream?streamToken=" + token, Map.of(), Duration.ofMillis(1500), text -> text.contains("event:item"));
        assertThat(foreign.text()).doesNotContain("event:item");
    }

    private static void newWorkspaceSeesNothing(Fixture f) {
        AdminClient.Workspace fresh = new AdminClient(f.baseUrl, LocalStackTestResource.ADMIN_TOKEN).createWorkspace("walk-fresh");
        as(f, fresh.readKey()).get("/v1/conversations").then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(0));
        as(f, fresh.readKey()).get("/v1/conversations/" + f.a.conversation()).then().statusCode(404);
    }

    private static void keyListing(Fixture f) {
        List<String> aKeys = as(f, LocalStackTestResource.ADMIN_TOKEN).get("/v1/admin/workspaces/" + f.a.ws().id() + "/keys")
                .then().statusCode(200).extract().path("items.id");
        assertThat(aKeys).contains(f.a.keyId()).doesNotContain(f.b.keyId());
        as(f, LocalStackTestResource.ADMIN_TOKEN).get("/v1/admin/workspaces/ws_does_not_exist/keys").then().statusCode(404);
        // A workspace's own admin key is no operator credential, not even for its own workspace.
        as(f, f.b.ws().adminKey()).get("/v1/admin/workspaces/" + f.b.ws().id() + "/keys").then().statusCode(403);
    }

    private static void newKeyIsConfinedToItsWorkspace(Fixture f) {
        String key = new AdminClient(f.baseUrl, LocalStackTestResource.ADMIN_TOKEN).createKey(f.a.ws().id(), "read");
        List<String> ids = as(f, key).get("/v1/conversations?limit=200").then().statusCode(200).extract().path("items.conversationId");
        assertThat(ids).contains(f.a.conversation()).doesNotContain(f.b.conversation());
    }

    private static void revocationOnlyByTheOperator(Fixture f) {
        AdminClient admin = new AdminClient(f.baseUrl, LocalStackTestResource.ADMIN_TOKEN);
        String key = admin.createKey(f.a.ws().id(), "read");
        as(f, key).get("/v1/conversations").then().statusCode(200);
        String keyId = as(f, LocalStackTestResource.ADMIN_TOKEN).get("/v1/admin/workspaces/" + f.a.ws().id() + "/keys")
                .then().extract().path("items[-1].id");
        as(f, f.b.ws().adminKey()).delete("/v1/admin/keys/" + keyId).then().statusCode(403);
        as(f, f.a.ws().adminKey()).delete("/v1/admin/keys/" + keyId).then().statusCode(403);
        as(f, key).get("/v1/conversations").then().statusCode(200);
        as(f, LocalStackTestResource.ADMIN_TOKEN).delete("/v1/admin/keys/" + keyId).then().statusCode(204);
        as(f, key).get("/v1/conversations").then().statusCode(401);
        as(f, f.b.ws().readKey()).get("/v1/conversations").then().statusCode(200);
    }

    private static String loginToken(Fixture f, String workspaceId) {
        return as(f, LocalStackTestResource.ADMIN_TOKEN).post("/v1/admin/workspaces/" + workspaceId + "/login-tokens")
                .then().statusCode(201).extract().path("token");
    }

    private static String signIn(Fixture f, String loginToken) {
        return given().baseUri(f.baseUrl).contentType("application/json").body(Map.of("loginToken", loginToken))
                .post("/v1/session").then().statusCode(201).extract().path("key");
    }

    /** A login token made for A signs in to A only, once (of concurrent redemptions, one); an unknown workspace gets none. */
    private static void signInOpensOnlyTheTokensWorkspace(Fixture f) throws Exception {
        String token = loginToken(f, f.a.ws().id());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<io.restassured.response.Response>> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attempts.add(pool.submit(() -> given().baseUri(f.baseUrl).contentType("application/json")
                    .body(Map.of("loginToken", token)).post("/v1/session")));
        }
        String key = null;
        int signedIn = 0;
        for (var attempt : attempts) {
            io.restassured.response.Response response = attempt.get();
            assertThat(response.statusCode()).isIn(201, 400);
            if (response.statusCode() == 201) {
                signedIn++;
                key = response.path("key");
            }
        }
        pool.shutdown();
        assertThat(signedIn).as("redemptions of one login token").isEqualTo(1);
        List<String> ids = as(f, key).get("/v1/conversations?limit=200").then().statusCode(200).extract().path("items.conversationId");
        assertThat(ids).contains(f.a.conversation()).doesNotContain(f.b.conversation());
        as(f, key).get("/v1/calls/" + f.b.callId()).then().statusCode(404);
        given().baseUri(f.baseUrl).contentType("application/json").body(Map.of("loginToken", token))
                .post("/v1/session").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("loginToken"));
        as(f, LocalStackTestResource.ADMIN_TOKEN).post("/v1/admin/workspaces/ws_does_not_exist/login-tokens").then().statusCode(404);
        as(f, f.a.ws().adminKey()).post("/v1/admin/workspaces/" + f.a.ws().id() + "/login-tokens").then().statusCode(403);
    }

    private static void sessionDescribesTheCallersWorkspace(Fixture f) {
        as(f, f.a.ws().readKey()).get("/v1/session").then().statusCode(200)
                .body("workspace.id", org.hamcrest.Matchers.equalTo(f.a.ws().id()))
                .body("key.scope", org.hamcrest.Matchers.equalTo("read"));
        as(f, f.b.ws().readKey()).get("/v1/session").then().statusCode(200)
                .body("workspace.id", org.hamcrest.Matchers.equalTo(f.b.ws().id()));
    }

    /** Signing out revokes that session key only; a long-lived key that signs out keeps working. */
    private static void signOutEndsOnlyTheCallersSession(Fixture f) {
        String first = signIn(f, loginToken(f, f.a.ws().id()));
        String second = signIn(f, loginToken(f, f.a.ws().id()));
        as(f, first).delete("/v1/session").then().statusCode(204);
        as(f, first).get("/v1/conversations").then().statusCode(401);
        as(f, second).get("/v1/conversations").then().statusCode(200);
        as(f, f.a.ws().readKey()).delete("/v1/session").then().statusCode(204);
        as(f, f.a.ws().readKey()).get("/v1/conversations").then().statusCode(200);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }
}
