package io.apilogs.ingest.limits;

import io.apilogs.ingest.TestKeys;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * Small gzip bodies that expand into millions of values (issue 22, finding 1) are refused while they are read: 400 at
 * the first event or span past the limit, 413 when the values alone are more than a request may build. Never a 503,
 * which tells a client to retry, and the budget is whole again afterwards.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CountBombRouteTest {
    @Inject
    Pool pool;
    @Inject
    BodyBudget budget;

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

    private RequestSpecification post(String key, String type, byte[] body) throws Exception {
        byte[] zipped = gzip(body);
        assertThat(zipped.length).as("a small body on the wire").isLessThan(100_000);
        return given().header("Authorization", "Bearer " + key).header("Content-Encoding", "gzip").contentType(type).body(zipped);
    }

    @Test
    void countBombsAreRefusedAsTheClientsFault() throws Exception {
        String key = TestKeys.create(pool, "ws_bombs", ApiKeys.Scope.INGEST);
        byte[] events = repeated("{\"events\":[", "{}", 1_700_000, "]}");
        post(key, "application/json", events).post("/v1/events").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("events"));
        byte[] jsonSpans = repeated("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[", "{}", 1_700_000, "]}]}]}");
        post(key, "application/json", jsonSpans).post("/v1/otlp/v1/traces").then().statusCode(400)
                .body("detail", containsString("more than 1000 spans"));
        byte[] protoSpans = io.apilogs.ingest.otlp.OtlpBombs.emptySpans(2_400_000);
        post(key, "application/x-protobuf", protoSpans).post("/v1/otlp/v1/traces").then().statusCode(400)
                .body("detail", containsString("more than 1000 spans"));

        // Within every count limit, but more values than one request may build.
        byte[] values = repeated("{\"events\":[{\"eventId\":\"e1\",\"messages\":[", "0", 600_000, "]}]}");
        post(key, "application/json", values).post("/v1/events").then().statusCode(413)
                .body("detail", containsString("more values than one request may build"));
        byte[] attributes = io.apilogs.ingest.otlp.OtlpBombs.emptyAttributes(1_000_000);
        post(key, "application/x-protobuf", attributes).post("/v1/otlp/v1/traces").then().statusCode(413);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(budget.used()).as("every refused request gave its bytes back").isZero());
    }

    @Test
    void anExportWithNoGenAiSpanIsAnsweredNot503() {
        String key = TestKeys.create(pool, "ws_bombs", ApiKeys.Scope.INGEST);
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{\"resourceSpans\":[]}")
                .post("/v1/otlp/v1/traces").then().statusCode(200);
        given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf").body(new byte[0])
                .post("/v1/otlp/v1/traces").then().statusCode(200);
        String server = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
                 "spanId":"eee19b7ec3c1b174","name":"GET /","kind":2,"startTimeUnixNano":"1764100800000000000",
                 "endTimeUnixNano":"1764100801000000000"}]}]}]}""";
        given().header("Authorization", "Bearer " + key).contentType("application/json").body(server)
                .post("/v1/otlp/v1/traces").then().statusCode(200)
                .body("partialSuccess.errorMessage", containsString("1 spans are not GenAI spans"));
    }
}
