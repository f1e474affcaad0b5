package io.apilogs.ingest.limits;

import io.apilogs.ingest.TestKeys;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

/** When other requests hold the body budget, a request is pushed back with 503 and Retry-After, and nothing leaks. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class BodyBudgetRouteTest {
    @Inject
    Pool pool;
    @Inject
    BodyBudget budget;

    private static String batch() {
        return """
                {"events":[{"eventId":"%s","type":"tool_execution","conversation":{"id":"budget"},"assistant":{"id":"a"},
                 "startedAt":"2026-12-01T10:00:00Z","toolCallId":"t1","toolName":"search","result":"%s"}]}"""
                .formatted(UUID.randomUUID(), "x".repeat(20_000));
    }

    @Test
    void aFullBudgetAnswers503WithRetryAfterAndFreesEverythingOnceAnswered() throws Exception {
        String key = TestKeys.create(pool, "ws_budget", ApiKeys.Scope.INGEST);
        BodyBudget.Reservation others = budget.reserve();
        assertThat(others.grow(budget.limit() - budget.used() - 10_000)).isTrue();
        try {
            given().header("Authorization", "Bearer " + key).contentType("application/json").body(batch())
                    .post("/v1/events").then().statusCode(503).header("Retry-After", notNullValue())
                    .contentType("application/problem+json").body("detail", containsString("request bodies"));
            // A gzip body that fits while compressed is refused while it inflates.
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(batch().getBytes(StandardCharsets.UTF_8));
            }
            given().header("Authorization", "Bearer " + key).contentType("application/json").header("Content-Encoding", "gzip")
                    .body(gz.toByteArray()).post("/v1/events").then().statusCode(503).header("Retry-After", notNullValue());
        } finally {
            others.leave();
        }
        given().header("Authorization", "Bearer " + key).contentType("application/json").body(batch())
                .post("/v1/events").then().statusCode(202);
        // Given back when the answer has been written, which may be a moment after the client read it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(budget.used()).as("every answered request gave its bytes back").isZero());
    }
}
