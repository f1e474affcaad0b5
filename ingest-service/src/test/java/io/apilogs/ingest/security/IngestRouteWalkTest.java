package io.apilogs.ingest.security;

import io.apilogs.ingest.TestKeys;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.ApiKeys;
import io.apilogs.model.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every route the running ingest-service's router holds (not a hand list): each answers 401 without credentials
 * and 403 for a key of another scope, and has an isolation case.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class IngestRouteWalkTest {
    /** How each route keeps workspaces apart. A route of the router without a case here fails the walk. */
    static final Map<String, Consumer<IngestRouteWalkTest>> ISOLATION = Map.of(
            "POST /v1/events", IngestRouteWalkTest::eventsGoToTheKeysWorkspaceWhateverTheBodySays,
            "POST /v1/otlp/v1/traces", IngestRouteWalkTest::spansGoToTheKeysWorkspace,
            "POST /v1/otlp/v1/logs", IngestRouteWalkTest::logRecordsGoToTheKeysWorkspace);

    private static volatile Router router;
    private static String ingestKey;
    private static String readKey;

    @ApplicationScoped
    static class RouterCapture {
        void capture(@Observes Router observed) {
            router = observed;
        }
    }

    @Inject
    Pool pool;

    @jakarta.inject.Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** The stack's Kafka connection (bootstrap servers and SASL: the broker takes no other client) with {@code extra}. */
    private Map<String, Object> kafka(Map<String, Object> extra) {
        return io.apilogs.security.KafkaClients.connection(kafkaConfig, extra);
    }

    @BeforeEach
    void keys() {
        synchronized (IngestRouteWalkTest.class) {
            if (ingestKey != null) {
                return;
            }
            ingestKey = TestKeys.create(pool, "ws_walk_a", ApiKeys.Scope.INGEST);
            readKey = TestKeys.create(pool, "ws_walk_a", ApiKeys.Scope.READ);
        }
    }

    /** Method and path of every application route; Quarkus' own (/q/...) are not ours to walk. */
    static Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            String path = route.getPath();
            if (path == null || path.startsWith("/q")) {
                continue;
            }
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                continue; // a catch-all of a path (the 405 answer), walked through its methods below
            }
            methods.forEach(m -> routes.add(m.name() + " " + path));
        }
        return routes;
    }

    @Test
    void everyRouteNeedsAnIngestKeyAndHasAnIsolationCase() {
        Set<String> routes = routes();
        assertThat(routes).contains("POST /v1/events");
        List<String> problems = new ArrayList<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            Response anonymous = given().contentType("application/json").body("{}").request(method, path);
            if (anonymous.statusCode() != 401 || !anonymous.contentType().startsWith("application/problem+json")) {
                problems.add(route + " without credentials answered " + anonymous.statusCode());
            }
            Response wrong = given().header("Authorization", "Bearer " + readKey).contentType("application/json").body("{}")
                    .request(method, path);
            if (wrong.statusCode() != 403) {
                problems.add(route + " with a read key answered " + wrong.statusCode());
            }
            Response unknown = given().header("Authorization", "Bearer al_ingest_unknown000000000000000000000000")
                    .contentType("application/json").body("{}").request(method, path);
            if (unknown.statusCode() != 401) {
                problems.add(route + " with an unknown key answered " + unknown.statusCode());
            }
            if (!ISOLATION.containsKey(route)) {
                problems.add(route + " has no isolation case");
            }
        }
        assertThat(problems).isEmpty();
        routes.forEach(route -> ISOLATION.get(route).accept(this));
    }

    @Test
    void otherPathsAndMethodsAreDenied() {
        given().get("/v1/anything").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + ingestKey).get("/v1/anything").then().statusCode(403);
        given().header("Authorization", "Bearer " + ingestKey).get("/v1/events").then().statusCode(405)
                .header("Allow", "POST").contentType("application/problem+json");
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** A body that names another workspace changes nothing: the event is published under the key's workspace. */
    void eventsGoToTheKeysWorkspaceWhateverTheBodySays() {
        String eventId = "walk-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + ingestKey).contentType("application/json").body("""
                {"events":[{"eventId":"%s","workspaceId":"ws_walk_b","type":"llm_call","conversation":{"id":"c"},
                 "assistant":{"id":"a"},"startedAt":"2026-11-25T20:00:00Z","model":"gpt-4o"}]}""".formatted(eventId))
                .post("/v1/events").then().statusCode(202);
        assertPublishedInKeysWorkspace(eventId, true);
    }

    /** OTLP spans carry no workspace: a span naming one in its attributes still lands in the key's. */
    void spansGoToTheKeysWorkspace() {
        String spanId = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8) + "0badcafe";
        String traceId = UUID.randomUUID().toString().replace("-", "");
        given().header("Authorization", "Bearer " + ingestKey).contentType("application/json").body("""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"walker"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s","name":"chat gpt-4o","kind":3,
                 "startTimeUnixNano":"1764100800000000000","endTimeUnixNano":"1764100801000000000",
                 "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},
                               {"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                               {"key":"workspaceId","value":{"stringValue":"ws_walk_b"}}]}]}]}]}""".formatted(traceId, spanId))
                .post("/v1/otlp/v1/traces").then().statusCode(200);
        // The span's own "workspaceId" attribute is kept as data (in attributes), never taken as the workspace.
        assertPublishedInKeysWorkspace("otel-" + traceId + "-" + spanId, false);
    }

    /** The same for log records: content of a span lands in the key's workspace, whatever its attributes name. */
    void logRecordsGoToTheKeysWorkspace() {
        String spanId = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8) + "0badf00d";
        String traceId = UUID.randomUUID().toString().replace("-", "");
        given().header("Authorization", "Bearer " + ingestKey).contentType("application/json").body("""
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"walker"}}]},
                 "scopeLogs":[{"logRecords":[{"traceId":"%s","spanId":"%s","timeUnixNano":"1764100800000000000",
                 "attributes":[{"key":"event.name","value":{"stringValue":"gen_ai.user.message"}},
                               {"key":"workspaceId","value":{"stringValue":"ws_walk_b"}}],
                 "body":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"hello"}}]}}}]}]}]}""".formatted(traceId, spanId))
                .post("/v1/otlp/v1/logs").then().statusCode(200);
        assertPublishedInKeysWorkspace("otel-" + traceId + "-" + spanId + "-log-", false);
    }

    private void assertPublishedInKeysWorkspace(String eventId, boolean otherWorkspaceNamedNowhere) {
        Map<String, Object> props = kafka(Map.of("group.id", "walk-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().contains(eventId)) {
                        assertThat(record.key()).startsWith("ws_walk_a:");
                        assertThat(record.value()).contains("\"workspaceId\":\"ws_walk_a\"");
                        if (otherWorkspaceNamedNowhere) {
                            assertThat(record.value()).doesNotContain("ws_walk_b");
                        }
                        return;
                    }
                }
            }
        }
        throw new AssertionError("event " + eventId + " was not published");
    }
}
