package io.apilogs.ingest.otlp;

import com.google.protobuf.ByteString;
import io.apilogs.ingest.TestKeys;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.ApiKeys;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Issue 23, deliverable 2: POST /v1/otlp/v1/logs takes GenAI content records and answers as OTLP says. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OtlpLogsRouteTest {
    @Inject
    Pool pool;

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    @Test
    void protobufContentIsTakenAndOtherRecordsAreLeftOutWithAWarning() throws Exception {
        String key = TestKeys.create(pool, "ws_otlp_logs", ApiKeys.Scope.INGEST);
        byte[] trace = HexFormat.of().parseHex(UUID.randomUUID().toString().replace("-", ""));
        LogRecord userMessage = LogRecord.newBuilder().setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                .setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("00000000000000a1")))
                .setEventName("gen_ai.user.message").addAttributes(attribute("gen_ai.system", "openai"))
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(attribute("content", "Weather in Lyon?"))))
                .build();
        LogRecord appLog = LogRecord.newBuilder().setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                .setBody(AnyValue.newBuilder().setStringValue("user signed in")).build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(attribute("service.name", "bot")))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(userMessage).addLogRecords(appLog))).build();
        byte[] answer = given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf").body(request.toByteArray())
                .post("/v1/otlp/v1/logs").then().statusCode(200).contentType("application/x-protobuf").extract().asByteArray();
        ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(answer);
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isZero();
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("1 log records are not GenAI content events");
    }

    @Test
    void anEmptyExportIsASuccess() {
        String key = TestKeys.create(pool, "ws_otlp_logs", ApiKeys.Scope.INGEST);
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("{\"resourceLogs\":[]}")
                .post("/v1/otlp/v1/logs").then().statusCode(200).body(equalTo("{}"));
    }

    @Test
    void refusalsAreThoseOfTheEventsRoute() {
        String key = TestKeys.create(pool, "ws_otlp_logs", ApiKeys.Scope.INGEST);
        String read = TestKeys.create(pool, "ws_otlp_logs", ApiKeys.Scope.READ);
        given().contentType("application/json").body("{}").post("/v1/otlp/v1/logs").then().statusCode(401);
        given().header("Authorization", "Bearer " + read).contentType("application/json").body("{}")
                .post("/v1/otlp/v1/logs").then().statusCode(403);
        given().header("Authorization", "Bearer " + key).contentType("application/x-protobuf").body(new byte[] {(byte) 0xff, 0x01})
                .post("/v1/otlp/v1/logs").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("ExportLogsServiceRequest"));
        given().header("Authorization", "Bearer " + key).contentType("application/json").body("[1]")
                .post("/v1/otlp/v1/logs").then().statusCode(400).body("detail", containsString("ExportLogsServiceRequest"));
        given().header("Authorization", "Bearer " + key).get("/v1/otlp/v1/logs").then().statusCode(405);
    }
}
