package io.apilogs.query.security;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, finding 6: sign-in guesses and made-up keys are limited per client address, reads per key; past a limit the
 * answer is 429 with Retry-After, and other callers go on.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
@QuarkusTestResource(LocalStackTestResource.class)
class ClientLimitsTest {
    @TestHTTPResource("/")
    URL baseUrl;

    /** {@code count} requests from 4 threads; the statuses seen, each 429 checked for its Retry-After. */
    private static Map<Integer, Integer> flood(int count, Supplier<Response> request) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < count; i++) {
            pool.submit(() -> {
                Response response = request.get();
                if (response.statusCode() == 429) {
                    assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 60);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }
                statuses.merge(response.statusCode(), 1, Integer::sum);
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        return new TreeMap<>(statuses);
    }

    @Test
    void signInGuessesArePushedBack() throws Exception {
        Map<Integer, Integer> statuses = flood(200, () -> given().contentType("application/json")
                .body("{\"loginToken\":\"" + UUID.randomUUID() + "\"}").post("/v1/session"));
        assertThat(statuses.keySet()).as(statuses.toString()).containsExactlyInAnyOrder(400, 429);
        assertThat(statuses.get(400)).as("about the burst of 50, and what refilled meanwhile").isBetween(50, 150);
    }

    @Test
    void madeUpKeysArePushedBackAndRealKeysGoOn() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("limits");
        Map<Integer, Integer> statuses = flood(600, () -> given().header("Authorization", "Bearer al_read_" + UUID.randomUUID()
                .toString().replace("-", "")).get("/v1/conversations"));
        assertThat(statuses.keySet()).as(statuses.toString()).containsExactlyInAnyOrder(401, 429);
        assertThat(statuses.get(401)).as("about the burst of 200 and what refilled meanwhile").isBetween(200, 500);
        // A request without a credential, and (once a token is back) a real key, are answered as ever.
        given().get("/v1/conversations").then().statusCode(401);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations").then().statusCode(200));
    }

    @Test
    void readsArePushedBackPerKey() throws Exception {
        AdminClient admin = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN);
        AdminClient.Workspace busy = admin.createWorkspace("limits-busy");
        AdminClient.Workspace other = admin.createWorkspace("limits-other");
        // 600 reads against a burst of 100 and 20 a second: at least 100 pass, and unless the machine takes 25 s for
        // 600 reads, some are pushed back.
        Map<Integer, Integer> statuses = flood(600, () -> given().header("Authorization", "Bearer " + busy.readKey())
                .get("/v1/assistants"));
        assertThat(statuses.keySet()).as(statuses.toString()).containsExactlyInAnyOrder(200, 429);
        assertThat(statuses.get(200)).as(statuses.toString()).isGreaterThanOrEqualTo(100);
        for (String path : List.of("/v1/assistants", "/v1/conversations")) {
            given().header("Authorization", "Bearer " + other.readKey()).get(path).then().statusCode(200);
        }
    }
}
