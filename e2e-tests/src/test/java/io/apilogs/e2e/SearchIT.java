package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 26 through the packaged services: the corpus ({@link SearchCorpus}) posted to ingest, stored by the writer, and
 * searched on every list; each query finds exactly its planted items, and a secret redacted at ingest is neither
 * found nor shown in a snippet.
 */
@ExtendWith(SharedSystem.class)
class SearchIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void seed() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("search");
        given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey())
                .contentType("application/json; charset=utf-8").body(SearchCorpus.batch().getBytes(StandardCharsets.UTF_8))
                .post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/v1/calls?limit=200").getList("items")).hasSize(11));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/v1/http-requests").getList("items")).hasSize(1));
    }

    private static JsonPath get(String path) {
        return given().urlEncodingEnabled(false).baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get(path).then().statusCode(200).extract().jsonPath();
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void everyQueryFindsExactlyItsPlantedCalls() {
        for (Map.Entry<String, List<String>> query : SearchCorpus.CALLS.entrySet()) {
            JsonPath page = get("/v1/calls?q=" + q(query.getKey()));
            assertThat(page.getList("items.callId", String.class)).as(query.getKey()).containsExactlyElementsOf(query.getValue());
            assertThat(page.getBoolean("search.complete")).as(query.getKey()).isTrue();
            assertThat(page.getString("nextCursor")).as(query.getKey()).isNull();
            for (int i = 0; i < query.getValue().size(); i++) {
                String snippet = page.getString("items[" + i + "].matches[0].snippet");
                List<Integer> highlight = page.getList("items[" + i + "].matches[0].highlight", Integer.class);
                assertThat(snippet.substring(highlight.get(0), highlight.get(1))).as(query.getKey()).isNotBlank();
            }
        }
    }

    @Test
    void aSecretRedactedAtIngestIsNeitherFoundNorShown() {
        JsonPath page = get("/v1/calls?q=" + q("my key is") + "&in=messages");
        assertThat(page.getList("items.callId", String.class)).containsExactly("s-en-1");
        String snippet = page.getString("items[0].matches[0].snippet");
        assertThat(snippet).contains("[REDACTED]").doesNotContain("ABCDEFGHIJ");
        assertThat(get("/v1/conversations?q=" + q("ABCDEFGHIJKLMNOP")).getList("items")).isEmpty();
    }

    @Test
    void theActivityLogToolsAndHttpRequestsAreSearchedToo() {
        JsonPath activity = get("/v1/conversations?q=" + q("退款"));
        assertThat(activity.getList("items.conversationId", String.class)).containsExactly("search-zh", "search-en");
        assertThat(activity.getString("items[1].matches[0].kind")).isEqualTo("http_request");
        assertThat(activity.getString("items[1].matches[0].itemId")).isEqualTo("s-http-1");
        assertThat(get("/v1/tool-executions?q=" + q("\"refund policy\" days")).getList("items.id", String.class)).containsExactly("s-tool-1");
        assertThat(get("/v1/http-requests?q=98765").getList("items.id", String.class)).containsExactly("s-http-1");
        JsonPath within = get("/v1/conversations/search-en/matches?q=" + q("step"));
        assertThat(within.getList("items.itemId", String.class)).containsExactly("s-en-1", "s-en-2");
    }

    @Test
    void badSearchesAreFieldErrors() {
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/conversations?q=x&in=everywhere").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("in"));
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/export/calls?q=x").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("q"));
    }
}
