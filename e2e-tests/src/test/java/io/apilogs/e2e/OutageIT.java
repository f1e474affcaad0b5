package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** What ingest answers while Kafka or PostgreSQL is down, on the real stack. */
class OutageIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void startSystem() {
        // Its own system: these tests stop the broker and the database.
        system = SharedSystem.start("outage");
        ws = system.admin().createWorkspace("outage");
    }

    @AfterAll
    static void stopSystem() {
        if (system != null) {
            system.close();
        }
    }

    private static Response post(String key, String eventId, String conv) {
        return given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + key)
                .contentType("application/json").body("{\"events\":[" + IngestToQueryIT.llmCall(eventId, conv) + "]}")
                .post("/v1/events");
    }

    private static Response read(String path) {
        return given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path);
    }

    @Test
    void brokerDownAnswers503AndARetryAfterRecoveryIsStoredOnce() {
        String conv = "conv-" + UUID.randomUUID();
        String eventId = "evt-" + UUID.randomUUID();
        post(ws.ingestKey(), "warm-" + UUID.randomUUID(), conv).then().statusCode(202);

        system.stack().kafka().stop();
        try {
            post(ws.ingestKey(), eventId, conv).then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json");
            // OTLP exports take the same path: 503, so the exporter retries.
            given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                    .body("""
                            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c",
                             "spanId":"b7ad6b7169203331","name":"chat","kind":3,"startTimeUnixNano":"1764100800000000000",
                             "endTimeUnixNano":"1764100801000000000","attributes":[
                             {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                             {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}}]}]}]}]}""")
                    .post("/v1/otlp/v1/traces").then().statusCode(503).header("Retry-After", notNullValue());
            // Ingest can't publish, so it leaves the load balancer; the query side still serves reads.
            given().baseUri(system.ingest().baseUrl()).get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"));
            given().baseUri(system.query().baseUrl()).get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                    .body("checks.find { it.name == 'kafka' }.data.broker", equalTo("unreachable"));
        } finally {
            system.stack().kafka().restart();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().baseUri(system.ingest().baseUrl()).get("/q/health/ready").then().statusCode(200));
        // The client retries the whole batch with the same eventId until it is accepted.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> post(ws.ingestKey(), eventId, conv).statusCode() == 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> read("/v1/calls/" + eventId).then().statusCode(200));
        String marker = "evt-" + UUID.randomUUID();
        post(ws.ingestKey(), marker, conv).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> read("/v1/calls/" + marker).then().statusCode(200));
        read("/v1/conversations/" + conv).then().body("callCount", equalTo(3));
    }

    @Test
    void databaseDownKeepsKnownKeysWorkingAndAnswers503ForUnknownOnes() {
        String unseenKey = system.admin().createKey(ws.id(), "ingest");
        String conv = "conv-" + UUID.randomUUID();
        post(ws.ingestKey(), "evt-" + UUID.randomUUID(), conv).then().statusCode(202);

        system.stack().pg().stop();
        try {
            post(ws.ingestKey(), "evt-" + UUID.randomUUID(), conv).then().statusCode(202);
            post(unseenKey, "evt-" + UUID.randomUUID(), conv).then().statusCode(503).header("Retry-After", notNullValue());
            // Ingest stays ready (cached keys still publish) and says why; the query side can't read, so it is not ready.
            given().baseUri(system.ingest().baseUrl()).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'postgresql' }.data.keys", org.hamcrest.Matchers.containsString("unreachable"));
            given().baseUri(system.query().baseUrl()).get("/q/health/ready").then().statusCode(503);
        } finally {
            system.stack().pg().restart();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                read("/v1/conversations/" + conv).then().statusCode(200).body("callCount", equalTo(2)));
        // Readiness comes back with the database (it once stayed down on a dead pooled JDBC connection).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().baseUri(system.query().baseUrl()).get("/q/health/ready").then().statusCode(200));
    }
}
