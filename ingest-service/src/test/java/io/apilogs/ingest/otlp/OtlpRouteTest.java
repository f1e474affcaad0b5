package io.apilogs.ingest.otlp;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** POST /v1/otlp/v1/traces: the OTLP answers (partial success), and the same refusals as /v1/events. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OtlpRouteTest {
    @Inject
    Pool pool;

    private static String export(String traceId, String... spans) {
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bot"}}]},
                 "scopeSpans":[{"spans":[%s]}]}]}""".formatted(String.join(",", spans));
    }

    private static String chat(String traceId, String spanId, boolean withModel) {
        return """
                {"traceId":"%s","spanId":"%s","name":"chat","kind":3,"startTimeUnixNano":"1764100800000000000",
                 "endTimeUnixNano":"1764100801000000000","attributes":[
                 {"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}%s]}""".formatted(traceId, spanId,
                withModel ? ",{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}}" : "");
    }

    @Test
    void invalidSpansAreReportedAsPartialSuccessAndOthersLeftOutWithAWarning() {
        String key = TestKeys.create(pool, "ws_otlp", ApiKeys.Scope.INGEST);
        String trace = UUID.randomUUID().toString().replace("-", "");
        String other = """
                {"traceId":"%s","spanId":"00000000000000f3","name":"db query","kind":3,"startTimeUnixNano":"1764100800000000000",
                 "endTimeUnixNano":"1764100801000000000","attributes":[]}""".formatted(trace);
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body(export(trace, chat(trace, "00000000000000f1", true), chat(trace, "00000000000000f2", false), other))
                .post("/v1/otlp/v1/traces").then().statusCode(200).contentType("application/json")
                .body("partialSuccess.rejectedSpans", equalTo(1))
                .body("partialSuccess.errorMessage", containsString("otel-" + trace + "-00000000000000f2: model"))
                .body("partialSuccess.errorMessage", containsString("1 spans are not GenAI spans"));
    }

    @Test
    void aCleanExportGetsAnEmptyAnswerAndGzipIsAccepted() throws Exception {
        String key = TestKeys.create(pool, "ws_otlp", ApiKeys.Scope.INGEST);
        String trace = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(export(trace, chat(trace, "00000000000000e1", true)).getBytes(StandardCharsets.UTF_8));
        }
        given().header("Authorization", "Bearer " + key).header("Content-Encoding", "gzip").contentType("application/json")
                .body(zipped.toByteArray()).post("/v1/otlp/v1/traces").then().statusCode(200).body(equalTo("{}"));
    }

    @Test
    void refusalsAreThoseOfTheEventsRoute() {
        String key = TestKeys.create(pool, "ws_otlp", ApiKeys.Scope.INGEST);
        String read = TestKeys.create(pool, "ws_otlp", ApiKeys.Scope.READ);
        given().contentType("application/json").body("{}").post("/v1/otlp/v1/traces").then().statusCode(401);
        given().header("Authorization", "Bearer " + read).contentType("application/json").body("{}")
                .post("/v1/otlp/v1/traces").then().statusCode(403);
        given().header("Authorization", "Bearer " + key).contentType("text/plain").body("x")
                .post("/v1/otlp/v1/traces").then().statusCode(415).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf").body(new byte[] {(byte) 0xff, 0x01})
                .post("/v1/otlp/v1/traces").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ExportTraceServiceRequest"));
        given().header("Authorization", "Bearer " + key).get("/v1/otlp/v1/traces").then().statusCode(405);
    }
}
