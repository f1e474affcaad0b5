package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;

/** The data the browser tests look at, posted through the real ingest API into a workspace of its own. */
final class UiSeed {
    static final String ALPHA = "ui-alpha";
    static final String BETA = "ui-beta";
    static final String XSS = "ui-xss";
    static final String BIG = "ui-big";
    static final String XSS_SUBJECT = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";
    static final String THINKING = "The user wants tide pools; search first.";
    static final int FILLERS = 55;
    static final int BIG_ITEMS = 1000;

    private final RunningSystem system;
    private final AdminClient.Workspace ws;

    UiSeed(RunningSystem system, AdminClient.Workspace ws) {
        this.system = system;
        this.ws = ws;
    }

    /** The conversation's stored calls (0 before it exists): what a test waits for after posting. */
    int callCount(String conversation) {
        Integer count = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .get("/v1/conversations/" + conversation).then().extract().path("callCount");
        return count == null ? 0 : count;
    }

    void post(List<String> events) {
        for (int from = 0; from < events.size(); from += 500) {
            String batch = String.join(",", events.subList(from, Math.min(events.size(), from + 500)));
            given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                    .body("{\"events\":[" + batch + "]}").post("/v1/events").then().log().ifValidationFails().statusCode(202);
        }
    }

    static String call(String conv, String subject, String assistant, String model, int n, String startedAt, String extra) {
        return call(conv, subject, assistant, model, n, 1000 + n * 10, startedAt, extra);
    }

    /** Filler n's input tokens: a permutation of n, so sorting by tokens differs from sorting by time. */
    static int fillerInput(int n) {
        return 1000 + (n * 37 % FILLERS) * 10;
    }

    static int fillerTotal(int n) {
        return fillerInput(n) + 50 + n;
    }

    static String call(String conv, String subject, String assistant, String model, int n, int input, String startedAt, String extra) {
        return """
                {"eventId":"%s-call-%d","type":"llm_call","conversation":{"id":"%s","subject":%s},
                 "assistant":{"id":"%s","name":"%s"},"startedAt":"%s","durationMs":1200,"provider":"anthropic","model":"%s",
                 "usage":{"inputTokens":%d,"outputTokens":%d,"cacheReadTokens":100}%s}"""
                .formatted(conv, n, conv, quote(subject), assistant, name(assistant), startedAt, model, input, 50 + n,
                        extra.contains("\"stopReason\"") ? extra : ",\"stopReason\":\"end_turn\"" + extra);
    }

    private static String name(String assistant) {
        return switch (assistant) {
            case "writer" -> "Blog Writer";
            case "sql" -> "SQL Helper";
            default -> "Filler Bot";
        };
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Two calls a tool and an HTTP request apart, with thinking, rate limits, and a system prompt that changes. */
    void alpha() {
        String first = """
                ,"systemPrompt":"You are a blog writer.\\nWrite short posts.\\nCite sources.","messages":[{"role":"user","content":"Draft a post about tide pools"}],
                 "response":{"text":"Let me search.","thinking":%s,"toolCalls":[{"id":"toolu_ui1","name":"search_web","input":{"q":"tide pools"}}]},
                 "stopReason":"tool_use","rateLimit":{"anthropic-ratelimit-requests-limit":"50","anthropic-ratelimit-requests-remaining":"7",
                 "anthropic-ratelimit-requests-reset":"2026-11-10T10:01:00Z","anthropic-ratelimit-tokens-limit":"80000",
                 "anthropic-ratelimit-tokens-remaining":"64000","anthropic-ratelimit-tokens-reset":"2026-11-10T10:01:00Z"}"""
                .formatted(quote(THINKING));
        String second = """
                ,"systemPrompt":"You are a blog writer.\\nWrite long posts.\\nCite sources.","messages":[{"role":"user","content":"Draft a post about tide pools"}],
                 "response":{"text":"# Tide pools\\n\\nA **short** post."}""";
        post(List.of(
                call(ALPHA, "Draft a post about tide pools", "writer", "claude-sonnet-4-5", 1, "2026-11-10T10:00:00Z", first),
                """
                {"eventId":"ui-alpha-tool-1","type":"tool_execution","conversation":{"id":"ui-alpha"},"assistant":{"id":"writer"},
                 "startedAt":"2026-11-10T10:00:02Z","durationMs":800,"toolCallId":"toolu_ui1","callId":"ui-alpha-call-1","toolName":"search_web",
                 "input":{"q":"tide pools"},"result":{"hits":3}}""",
                """
                {"eventId":"ui-alpha-http-1","type":"http_request","conversation":{"id":"ui-alpha"},"assistant":{"id":"writer"},
                 "startedAt":"2026-11-10T10:00:02.100Z","durationMs":450,"toolCallId":"toolu_ui1","plugin":"wordpress","method":"GET",
                 "url":"https://blog.example.test/wp-json/wp/v2/posts?search=tide","statusCode":200,
                 "requestHeaders":{"Authorization":"Bearer wp-secret-value","Accept":"application/json"},
                 "responseHeaders":{"Content-Type":"application/json"},"responseBody":"[{\\"id\\":1}]"}""",
                call(ALPHA, "Draft a post about tide pools", "writer", "claude-sonnet-4-5", 2, "2026-11-10T10:00:04Z", second)));
    }

    void others() {
        List<String> events = new ArrayList<>();
        events.add(call(BETA, "Weekly revenue by region", "sql", "gpt-4o", 1, "2026-11-12T09:00:00Z", ""));
        events.add(call(XSS, XSS_SUBJECT, "writer", "claude-sonnet-4-5", 1, "2026-11-14T09:00:00Z",
                ",\"response\":{\"text\":" + quote("<img src=x onerror=\"window.__xss=3\">Hello") + "}"));
        for (int i = 1; i <= FILLERS; i++) {
            events.add(call("ui-page-" + i, "Filler " + i, "filler", "gpt-4o-mini", i, fillerInput(i),
                    "2026-11-20T08:%02d:%02dZ".formatted(i / 60, i % 60), ""));
        }
        post(events);
    }

    /** A 1,000-item timeline whose first call carries a 1 MB system prompt. */
    void big() {
        List<String> events = new ArrayList<>();
        String prompt = "Rules of the house.\\n".repeat(50_000);
        events.add(call(BIG, "A very long conversation", "filler", "gpt-4o-mini", 0, "2026-11-21T08:00:00Z",
                ",\"systemPrompt\":\"" + prompt + "\""));
        for (int i = 1; i < BIG_ITEMS; i++) {
            events.add(call(BIG, "A very long conversation", "filler", "gpt-4o-mini", i,
                    "2026-11-21T08:%02d:%02dZ".formatted(i / 60, i % 60), ""));
        }
        post(events.subList(0, 1));
        post(events.subList(1, events.size()));
    }
}
