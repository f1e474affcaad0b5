package io.apilogs.query.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at /q/openapi checked against API.md (docs/API.md): every route it names, the activity log's
 * parameters, and every field of each response shape it shows. Fields beyond API.md are allowed (the README lists
 * them); a field API.md shows and the document lacks fails the build.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OpenApiContractTest {
    private static final ApiMarkdown API = ApiMarkdown.read();
    private static JsonNode document;

    /** Fetched once the application runs (a static @BeforeAll would run before it listens). */
    @BeforeEach
    void fetch() throws Exception {
        if (document == null) {
            document = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        }
    }

    private static Set<String> routesOfDocument() {
        Set<String> routes = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                routes.add(method.toUpperCase() + " " + ApiMarkdown.normalize(path.getKey()))));
        return routes;
    }

    private static Set<String> properties(String schema) {
        JsonNode node = document.path("components").path("schemas").path(schema);
        assertThat(node.isMissingNode()).as("schema " + schema + " in the document").isFalse();
        Set<String> names = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyRouteOfApiMdIsDocumented() {
        Set<String> documented = routesOfDocument();
        assertThat(API.routes()).as("routes named in API.md sections 2-3").hasSizeGreaterThan(15);
        List<String> missing = new ArrayList<>();
        for (String route : API.routes()) {
            if (!documented.contains(route)) {
                missing.add(route);
            }
        }
        assertThat(missing).as("API.md routes missing from /q/openapi").isEmpty();
    }

    @Test
    void theActivityLogTakesApiMdsParameters() {
        Set<String> parameters = new TreeSet<>();
        document.path("paths").path("/v1/conversations").path("get").path("parameters")
                .forEach(p -> parameters.add(p.path("in").asText() + ":" + p.path("name").asText()));
        Set<String> expected = API.listNames("**Parameters.**");
        assertThat(expected).contains("from", "to", "tz", "assistant", "model", "q", "sort", "order");
        for (String name : expected) {
            assertThat(parameters).contains("query:" + name);
        }
        assertThat(parameters).contains("query:limit", "query:cursor");
        JsonNode sort = document.path("paths").path("/v1/conversations").path("get").path("parameters");
        sort.forEach(p -> {
            if (p.path("name").asText().equals("sort")) {
                assertThat(p.path("schema").path("enum").toString()).contains("lastActivity", "cost", "tokens", "calls");
            }
        });
    }

    @Test
    void everyResponseShapeHasApiMdsFields() {
        Map<String, Set<String>> shapes = new LinkedHashMap<>();
        shapes.put("ConversationView", API.shapeAfter("**Row.**"));
        shapes.put("CallDetail", API.shapeAfter("log entry detail"));
        shapes.put("ToolExecutionView", API.shapeAfter("ToolExecution: `"));
        shapes.put("HttpRequestView", API.shapeAfter("HttpRequest: `"));
        shapes.put("PromptView", API.shapeAfter("prompts/{sha256}`: "));
        shapes.put("AssistantFacet", ApiMarkdown.topLevelFields(API.text.substring(API.text.indexOf("{\"id\",\"name\",\"conversationCount\"}"))));
        shapes.put("ModelFacet", ApiMarkdown.topLevelFields(API.text.substring(API.text.indexOf("{\"model\",\"callCount\"}"))));
        shapes.put("UsageReport", API.shapeAfter("`GET /v1/analytics/usage"));
        shapes.put("UsageRow", ApiMarkdown.topLevelFields(API.text.substring(API.text.indexOf("{\"key\",\"calls\""))));
        shapes.put("PriceView", API.shapeAfter("Price:\n"));
        shapes.put("StreamToken", API.shapeAfter("`POST /v1/stream-tokens`"));
        shapes.put("Tokens", ApiMarkdown.topLevelFields(API.text.substring(API.text.indexOf("\"tokens\":{") + "\"tokens\":".length())));
        shapes.put("Cost", ApiMarkdown.topLevelFields(API.text.substring(API.text.indexOf("\"cost\":{") + "\"cost\":".length())));
        List<String> problems = new ArrayList<>();
        shapes.forEach((schema, fields) -> {
            assertThat(fields).as("fields API.md shows for " + schema).isNotEmpty();
            Set<String> documented = properties(schema);
            for (String field : fields) {
                if (!documented.contains(field)) {
                    problems.add(schema + " lacks " + field + " (documented: " + documented + ")");
                }
            }
        });
        // TimelineItem: each field belongs to at least one of the three kinds.
        Set<String> timeline = new TreeSet<>();
        for (String kind : List.of("TimelineLlmCall", "TimelineToolExecution", "TimelineHttpRequest")) {
            timeline.addAll(properties(kind));
        }
        for (String field : API.shapeAfter("TimelineItem:")) {
            if (!timeline.contains(field)) {
                problems.add("TimelineItem lacks " + field);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void errorsAndTheBearerSchemeAreDocumented() {
        assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
        JsonNode list = document.path("paths").path("/v1/conversations").path("get");
        assertThat(list.path("security").toString()).contains("bearer");
        assertThat(list.path("responses").has("400")).isTrue();
        assertThat(list.path("responses").path("401").path("content").has("application/problem+json"))
                .as(list.path("responses").toString()).isTrue();
        assertThat(document.path("paths").path("/v1/calls/{callId}").path("get").path("responses").has("404")).isTrue();
        assertThat(properties("Problem")).contains("type", "title", "status", "detail", "errors");
        assertThat(document.path("paths").path("/v1/session").path("post").has("security")).as("sign-in takes no key").isFalse();
    }

    @Test
    void swaggerUiIsOffUnlessEnabled() {
        // Its page runs inline script on the product's origin (issue 22): APILOGS_SWAGGER_UI=true serves it.
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(200);
    }
}
