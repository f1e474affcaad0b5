package io.apilogs.query.rest;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** Issue 27: {@code GET /v1/analytics/series} through HTTP, its shape in the viewer's zone, and its 400s. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AnalyticsApiTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;

    private static LlmCallEvent call(String ws, String id, String at, String model, Usage usage, ErrorInfo error, Map<String, String> headers) {
        return new LlmCallEvent(ws, id, new ConversationRef("conv-" + id, "Subject"), new AssistantRef("support", null), Instant.parse(at),
                1200L, null, "anthropic", model, null, null, null, error == null ? "end_turn" : null, usage, null, error, headers);
    }

    @Test
    void theSeriesHasAPointPerIntervalInTheViewersZone() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("analytics");
        List<Event> events = List.of(
                // 23:30 UTC on the 19th is the 20th in Berlin.
                call(ws.id(), "a", "2026-11-19T23:30:00Z", "claude-sonnet-4-5", new Usage(10_000L, 100L, 8_000L, 1_000L, null, null), null,
                        Map.of("anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "2")),
                call(ws.id(), "b", "2026-11-20T10:00:00Z", "claude-sonnet-4-5", new Usage(1_000L, 10L, null, null, null, null),
                        new ErrorInfo("rate_limit_error", "slow down", 429), null),
                call(ws.id(), "c", "2026-11-21T10:00:00Z", "mystery-model", new Usage(1_000L, 10L, null, null, null, null), null, null));
        writer.write(events).await().atMost(Duration.ofSeconds(60));
        Supplier<RequestSpecification> read = () -> given().baseUri(baseUrl.toString()).header("Authorization", "Bearer " + ws.readKey());

        read.get().get("/v1/analytics/series?from=2026-11-19&to=2026-11-22&tz=Europe/Berlin").then().statusCode(200)
                .body("interval", equalTo("day"))
                .body("tz", equalTo("Europe/Berlin"))
                .body("from", equalTo("2026-11-19T00:00:00+01:00"))
                .body("to", equalTo("2026-11-23T00:00:00+01:00"))
                .body("latencyRelativeError", equalTo(0.0625f))
                .body("series", hasSize(1))
                .body("series[0].key", nullValue())
                .body("series[0].points.start", equalTo(List.of("2026-11-19T00:00:00+01:00", "2026-11-20T00:00:00+01:00",
                        "2026-11-21T00:00:00+01:00", "2026-11-22T00:00:00+01:00")))
                .body("series[0].points.calls", equalTo(List.of(0, 2, 1, 0)))
                .body("series[0].points.rateLimited", equalTo(List.of(0, 1, 0, 0)))
                .body("series[0].points[1].errorRate", equalTo(0.5f))
                // 8,000 read of 11,000 input; read 8000*(3-0.30) + write 1000*(3-3.75) = 0.0216 - 0.00075 = 0.02085
                .body("series[0].points[1].cacheHitRatio", equalTo(0.727273f))
                .body("series[0].points[1].cacheSavingsUsd", equalTo(0.02085f))
                .body("series[0].points[1].rateLimit.minRequestsShare", equalTo(0.04f))
                .body("series[0].points[1].rateLimit.minTokensShare", nullValue())
                .body("series[0].points[1].rateLimit.lowHeadroomCalls", equalTo(1))
                .body("series[0].points[1].latencyMs.max", equalTo(1200))
                .body("series[0].points[2].unpricedCalls", equalTo(1))
                .body("series[0].points[2].cacheSavingsUsd", nullValue())
                .body("series[0].points[0].latencyMs", nullValue())
                .body("series[0].totals.calls", equalTo(3));

        read.get().get("/v1/analytics/series?from=2026-11-20&to=2026-11-20&tz=UTC&groupBy=model").then().statusCode(200)
                .body("interval", equalTo("hour"))
                .body("series.key", equalTo(List.of("claude-sonnet-4-5")))
                .body("series[0].points", hasSize(24));
        // Filters the roll-ups do not know read the calls.
        read.get().get("/v1/analytics/series?from=2026-11-19&to=2026-11-22&tz=UTC&status=error").then().statusCode(200)
                .body("series[0].totals.calls", equalTo(1))
                .body("series[0].totals.rateLimited", equalTo(1));

        read.get().get("/v1/analytics/series?interval=minute").then().statusCode(400).body("errors[0].field", equalTo("interval"));
        read.get().get("/v1/analytics/series?groupBy=day").then().statusCode(400).body("errors[0].field", equalTo("groupBy"));
        read.get().get("/v1/analytics/series?groupBy=model&limit=51").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        read.get().get("/v1/analytics/series?q=refund").then().statusCode(400).body("errors[0].field", equalTo("q"));
        read.get().get("/v1/analytics/series?from=2025-01-01&to=2026-11-30&interval=hour").then().statusCode(400)
                .body("errors[0].field", equalTo("interval")).body("errors[0].message", containsString("points"));
    }
}
