package io.apilogs.query.security;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.security.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every route of the running query-service (from {@link RouteCatalog}, not a hand list): each answers 401 without
 * credentials, 403 for a credential of the wrong scope, 401 for a stream token unless it is a stream route, and keeps
 * another workspace's data out: 404 for its ids, or the route's own isolation case in {@link Isolation}. A route
 * without roles, or whose ids or isolation case the walk does not know, fails the build.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RouteWalkTest {
    /** Routes whose ids belong to a workspace: another workspace's ids answer 404, exactly like unknown ones. */
    static final List<String> OWNED_IDS = List.of(
            "GET /v1/conversations/{id}", "GET /v1/conversations/{id}/timeline", "GET /v1/conversations/{id}/matches", "GET /v1/calls/{callId}",
            "GET /v1/tool-executions/{id}", "GET /v1/http-requests/{id}", "GET /v1/prompts/{sha256}");

    /**
     * Routes open without credentials, by design. Each must be {@code @PermitAll}, grant nothing without the credential
     * in its body, and have an isolation case; any other {@code @PermitAll} route fails the build.
     */
    static final List<String> PUBLIC = List.of("POST /v1/session");

    private static final Pattern PARAM = Pattern.compile("([^/{}]+)/\\{([^}]+)}");
    private static Fixture fixture;

    @TestHTTPResource("/")
    URL baseUrl;

    @jakarta.inject.Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** The stack's Kafka connection (bootstrap servers and SASL: the broker takes no other client) with {@code extra}. */
    private Map<String, Object> kafka(Map<String, Object> extra) {
        return io.apilogs.security.KafkaClients.connection(kafkaConfig, extra);
    }

    @BeforeEach
    void seed() {
        synchronized (RouteWalkTest.class) {
            if (fixture == null) {
                fixture = new Fixture(baseUrl.toString().replaceAll("/$", ""), kafka(Map.of()));
            }
        }
    }

    @Test
    void everyRouteNamesItsRolesAndHasAnIsolationCase() {
        List<RouteCatalog.Route> routes = RouteCatalog.routes();
        assertThat(routes).hasSizeGreaterThan(15);
        List<String> problems = new ArrayList<>();
        for (RouteCatalog.Route route : routes) {
            boolean declaredPublic = PUBLIC.contains(route.key());
            if (declaredPublic != (route.roles().isEmpty() && route.permitAll())) {
                problems.add(route.key() + (declaredPublic ? " is listed as public but is not @PermitAll" : " has no @RolesAllowed"));
            }
            boolean owned = OWNED_IDS.contains(route.key());
            boolean isolated = Isolation.CASES.containsKey(route.key());
            if (owned == isolated) {
                problems.add(route.key() + (owned ? " is both in OWNED_IDS and Isolation.CASES" : " has no isolation case"));
            }
            path(route, fixture.a);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void withoutCredentialsEveryRouteAnswers401() {
        for (RouteCatalog.Route route : RouteCatalog.routes()) {
            if (PUBLIC.contains(route.key())) {
                Response response = call(route, path(route, fixture.a), Map.of());
                assertThat(response.statusCode()).as(route.key() + " without its body credential").isEqualTo(400);
                assertThat(response.contentType()).as(route.key()).startsWith("application/problem+json");
                continue;
            }
            Response response = call(route, path(route, fixture.a), Map.of());
            assertThat(response.statusCode()).as(route.key()).isEqualTo(401);
            assertThat(response.contentType()).as(route.key()).startsWith("application/problem+json");
            assertThat(response.header("WWW-Authenticate")).as(route.key()).isEqualTo("Bearer");
        }
    }

    @Test
    void aCredentialOfTheWrongScopeAnswers403() {
        for (RouteCatalog.Route route : RouteCatalog.routes()) {
            if (PUBLIC.contains(route.key())) {
                continue;
            }
            String wrong = wrongScope(route);
            Response response = call(route, path(route, fixture.a), Map.of("Authorization", "Bearer " + wrong));
            assertThat(response.statusCode()).as(route.key()).isEqualTo(403);
            assertThat(response.contentType()).as(route.key()).startsWith("application/problem+json");
        }
    }

    @Test
    void aStreamTokenOpensTheStreamRoutesAndNothingElse() throws Exception {
        String token = given().baseUri(fixture.baseUrl).header("Authorization", "Bearer " + fixture.a.ws().readKey())
                .post("/v1/stream-tokens").then().statusCode(201).extract().path("token");
        for (RouteCatalog.Route route : RouteCatalog.routes()) {
            String path = path(route, fixture.a);
            String withToken = path + (path.contains("?") ? "&" : "?") + "streamToken=" + token;
            if (PUBLIC.contains(route.key())) {
                assertThat(call(route, withToken, Map.of()).statusCode()).as(route.key()).isEqualTo(400);
            } else if (route.isStream()) {
                StreamReader.Read read = StreamReader.read(fixture.baseUrl + withToken, Map.of(), java.time.Duration.ofSeconds(2),
                        text -> text.contains(":open"));
                assertThat(read.status()).as(route.key()).isEqualTo(200);
            } else {
                assertThat(call(route, withToken, Map.of()).statusCode()).as(route.key()).isEqualTo(401);
            }
        }
    }

    @Test
    void anotherWorkspacesIdsAnswer404LikeUnknownOnes() {
        for (RouteCatalog.Route route : RouteCatalog.routes()) {
            if (!OWNED_IDS.contains(route.key())) {
                continue;
            }
            Map<String, String> credential = Map.of("Authorization", "Bearer " + rightScope(route, fixture.a));
            assertThat(call(route, path(route, fixture.a), credential).statusCode()).as("own " + route.key()).isEqualTo(200);
            Response foreign = call(route, path(route, fixture.b), credential);
            assertThat(foreign.statusCode()).as("foreign " + route.key()).isEqualTo(404);
            assertThat(foreign.contentType()).as(route.key()).startsWith("application/problem+json");
        }
    }

    @Test
    void routesWithoutOwnedIdsKeepOtherWorkspacesOut() throws Exception {
        for (RouteCatalog.Route route : RouteCatalog.routes()) {
            Isolation.Case check = Isolation.CASES.get(route.key());
            if (check != null) {
                check.verify(fixture);
            }
        }
    }

    /** The route's template with the side's ids filled in; fails for a parameter the walk does not know. */
    static String path(RouteCatalog.Route route, Fixture.Side side) {
        Matcher m = PARAM.matcher(route.template());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = switch (m.group(1) + "/" + m.group(2)) {
                case "conversations/id" -> side.conversation();
                case "calls/callId" -> side.callId();
                case "tool-executions/id" -> side.toolId();
                case "http-requests/id" -> side.httpId();
                case "prompts/sha256" -> side.promptSha();
                case "workspaces/id" -> side.ws().id();
                case "keys/keyId" -> "key_walk_does_not_exist";
                case "prices/model" -> side.model();
                default -> throw new AssertionError(route.key() + ": the walk cannot fill {" + m.group(2) + "}; teach it");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "/" + id));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Response call(RouteCatalog.Route route, String path, Map<String, String> headers) {
        return given().baseUri(fixture.baseUrl).urlEncodingEnabled(false).headers(headers)
                .contentType("application/json").body("{}").request(route.method(), path);
    }

    /** A key of the route's own workspace whose scope the route does not allow. */
    private static String wrongScope(RouteCatalog.Route route) {
        if (route.roles().contains(Roles.READ)) {
            return fixture.a.ws().ingestKey();
        }
        if (route.roles().contains(Roles.ADMIN)) {
            return fixture.a.ws().readKey();
        }
        return fixture.a.ws().adminKey();
    }

    static String rightScope(RouteCatalog.Route route, Fixture.Side side) {
        if (route.roles().contains(Roles.READ)) {
            return side.ws().readKey();
        }
        if (route.roles().contains(Roles.ADMIN)) {
            return side.ws().adminKey();
        }
        return LocalStackTestResource.ADMIN_TOKEN;
    }
}
