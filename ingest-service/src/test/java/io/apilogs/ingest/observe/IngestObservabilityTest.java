package io.apilogs.ingest.observe;

import io.apilogs.ingest.TestKeys;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.localstack.util.PrometheusText;
import io.apilogs.model.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** /q/metrics counts what ingest did, by the right amounts; /q/health answers with the Kafka and PostgreSQL checks. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class IngestObservabilityTest {
    @Inject
    Pool pool;

    private static PrometheusText scrape() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return PrometheusText.parse(text);
    }

    private static String call(String type, String eventId) {
        String extra = type.equals("llm_call") ? ",\"model\":\"gpt-4o\"" : type.equals("tool_execution") ? ",\"toolName\":\"search\",\"toolCallId\":\"toolu_m1\"" : "";
        return """
                {"eventId":"%s","type":"%s","conversation":{"id":"metrics-conv"},"assistant":{"id":"metrics-bot"},
                 "startedAt":"2026-11-25T20:00:00Z"%s}""".formatted(eventId, type, extra);
    }

    @Test
    void countersMoveByWhatEachBatchDid() {
        String key = TestKeys.create(pool, "ws_metrics", ApiKeys.Scope.INGEST);
        PrometheusText before = scrape();

        String id = UUID.randomUUID().toString();
        // Two valid llm_calls, one valid tool_execution, one invalid llm_call (no model): 207.
        String invalid = """
                {"eventId":"%s-bad","type":"llm_call","conversation":{"id":"metrics-conv"},"assistant":{"id":"metrics-bot"},
                 "startedAt":"2026-11-25T20:00:00Z"}""".formatted(id);
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"events\":[" + String.join(",", call("llm_call", id + "-1"), call("llm_call", id + "-2"),
                        call("tool_execution", id + "-3"), invalid) + "]}")
                .post("/v1/events").then().statusCode(207).body("accepted", equalTo(3)).body("rejected", equalTo(1));
        // A batch that is not JSON, and one over the body limit's media type rule.
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{not json")
                .post("/v1/events").then().statusCode(400);
        given().header("Authorization", "Bearer " + key).contentType("text/plain").body("{}")
                .post("/v1/events").then().statusCode(415);

        PrometheusText after = scrape();
        assertThat(delta(before, after, "apilogs_ingest_events_accepted_total", "type", "llm_call")).isEqualTo(2);
        assertThat(delta(before, after, "apilogs_ingest_events_accepted_total", "type", "tool_execution")).isEqualTo(1);
        assertThat(delta(before, after, "apilogs_ingest_events_rejected_total", "type", "llm_call", "reason", "invalid")).isEqualTo(1);
        assertThat(delta(before, after, "apilogs_ingest_batches_rejected_total", "reason", "malformed")).isEqualTo(2);
        assertThat(delta(before, after, "apilogs_ingest_batch_size_count")).isEqualTo(1);
        assertThat(delta(before, after, "apilogs_ingest_batch_size_sum")).isEqualTo(4);
        assertThat(delta(before, after, "apilogs_ingest_kafka_send_seconds_count")).isEqualTo(1);
        assertThat(after.sum("apilogs_ingest_kafka_send_seconds_sum")).isPositive();
        // What Quarkus gives: JVM and HTTP server meters.
        assertThat(after.has("jvm_memory_used_bytes")).isTrue();
        assertThat(after.sum("http_server_requests_seconds_count", "uri", "/v1/events")).isGreaterThanOrEqualTo(3);
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    @Test
    void theOpenApiDocumentDescribesPostEvents() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/events'.post.responses.keySet()",
                        org.hamcrest.Matchers.hasItems("202", "207", "400", "401", "403", "413", "415", "429", "503"))
                .body("paths.'/v1/events'.post.security[0].bearer", org.hamcrest.Matchers.notNullValue())
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.schemas.BatchResult.properties.keySet()", org.hamcrest.Matchers.hasItems("accepted", "rejected", "errors"));
        // Swagger UI configures itself with inline script: off unless APILOGS_SWAGGER_UI=true.
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().header("Content-Security-Policy", org.hamcrest.Matchers.startsWith("default-src 'none'"));
    }

    @Test
    void healthReportsKafkaAndPostgresql() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("kafka"))
                .body("checks.name", hasItem("postgresql"))
                .body("checks.find { it.name == 'kafka' }.data.topic", equalTo("apilogs.events"))
                .body("checks.find { it.name == 'kafka' }.data.partitions", org.hamcrest.Matchers.greaterThan(0));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("checks.name", hasItem("started"));
    }
}
