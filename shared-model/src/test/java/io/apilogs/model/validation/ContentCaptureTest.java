package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 22, finding 5: every place an event keeps text has its secrets redacted at parse time, before Kafka. */
class ContentCaptureTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "sk-proj-" + "Ab12Cd34Ef56Gh78Ij90Kl12";
    private static final String PEM = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg\\n-----END PRIVATE KEY-----";
    private final EventParser parser = new EventParser(Limits.DEFAULT);

    private <T> T parse(String json, Class<T> type) throws Exception {
        ParsedEvent parsed = parser.parse(MAPPER.readTree(json.replace("$NOW", Instant.now().toString())), "ws-1");
        assertThat(parsed.errors()).isEmpty();
        return type.cast(parsed.event());
    }

    @Test
    void anLlmCallKeepsNoSecretAnywhere() throws Exception {
        LlmCallEvent call = parse("""
                {"eventId":"e1","type":"llm_call","conversation":{"id":"c"},"assistant":{"id":"a"},"startedAt":"$NOW","model":"m",
                 "systemPrompt":"Use key %1$s for the API.",
                 "messages":[{"role":"user","content":"my key is %1$s"},
                   {"role":"user","content":[{"type":"text","text":"%2$s"},{"type":"text","text":"password = input()"}]}],
                 "response":{"text":"Call https://u:pw1@api.example/?token=t1","thinking":"Bearer abcdef123456",
                   "toolCalls":[{"id":"t1","name":"login","input":{"note":"%1$s","password":"typed by the model"}}]},
                 "error":{"type":"api_error","message":"401 for password=hunter2 with %1$s"},
                 "rateLimit":{"anthropic-ratelimit-tokens-remaining":"1000","authorization":"Bearer x","set-cookie":"s=1"}}"""
                .formatted(KEY, PEM), LlmCallEvent.class);
        assertThat(call.systemPrompt()).isEqualTo("Use key [REDACTED] for the API.");
        assertThat(call.messages().toString()).doesNotContain(KEY, "MIIEvQ").contains("password = input()");
        assertThat(call.response().text()).isEqualTo("Call https://u:[REDACTED]@api.example/?token=[REDACTED]");
        assertThat(call.response().thinking()).isEqualTo("Bearer [REDACTED]");
        JsonNode input = call.response().toolCalls().get(0).input();
        assertThat(input.get("note").asText()).isEqualTo("[REDACTED]");
        assertThat(input.get("password").asText()).as("content is judged by shape, not by name").isEqualTo("typed by the model");
        assertThat(call.error().message()).isEqualTo("401 for password=[REDACTED] with [REDACTED]");
        assertThat(call.rateLimit()).containsEntry("anthropic-ratelimit-tokens-remaining", "1000")
                .containsEntry("authorization", "[REDACTED]").containsEntry("set-cookie", "[REDACTED]");
    }

    @Test
    void aToolExecutionAndAnHttpRequestToo() throws Exception {
        ToolExecutionEvent tool = parse("""
                {"eventId":"e2","type":"tool_execution","conversation":{"id":"c"},"assistant":{"id":"a"},"startedAt":"$NOW",
                 "toolCallId":"t1","input":{"q":"%1$s"},"result":["ok","ghp_%2$s"],
                 "error":{"type":"tool_error","message":"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG failed"}}"""
                .formatted(KEY, "a".repeat(36)), ToolExecutionEvent.class);
        assertThat(tool.input().get("q").asText()).isEqualTo("[REDACTED]");
        assertThat(tool.result().get(1).asText()).isEqualTo("[REDACTED]");
        assertThat(tool.error().message()).isEqualTo("AWS_SECRET_ACCESS_KEY=[REDACTED] failed");

        HttpRequestEvent http = parse("""
                {"eventId":"e3","type":"http_request","conversation":{"id":"c"},"assistant":{"id":"a"},"startedAt":"$NOW",
                 "url":"https://h/cb;jsessionid=ABC?code=xyz","responseHeaders":{"Location":"https://h/next?token=t2"},
                 "requestHeaders":{"Content-Type":"text/plain"},"requestBody":"user=bob\\npassword: hunter2",
                 "attributes":{"db.connection_string":"Host=db;Password=pw2"},
                 "error":{"type":"http","message":"Authorization: Bearer zzz999aaa"}}""", HttpRequestEvent.class);
        assertThat(http.url()).isEqualTo("https://h/cb;jsessionid=[REDACTED]?code=[REDACTED]");
        assertThat(http.responseHeaders()).containsEntry("Location", "https://h/next?token=[REDACTED]");
        assertThat(http.requestBody().asText()).isEqualTo("user=bob\npassword: [REDACTED]");
        assertThat(http.attributes().get("db.connection_string").asText()).isEqualTo("Host=db;Password=[REDACTED]");
        assertThat(http.error().message()).isEqualTo("Authorization: Bearer [REDACTED]");
    }
}
