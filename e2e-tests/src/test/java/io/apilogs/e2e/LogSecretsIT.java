package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plants marked secrets in keys, tokens, prompts, messages, responses, tool data and HTTP captures, sends them through
 * good and bad paths (accepted, refused, dead-lettered), and checks that neither service logged any of them. Ids are
 * not secrets (a log line names the event it is about), so they carry no mark.
 */
@ExtendWith(SharedSystem.class)
class LogSecretsIT {
    private static final String MARK = "PLANTED" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void noKeyTokenPromptMessageOrBodyReachesTheLogs() throws Exception {
        RunningSystem system = SharedSystem.system();
        AdminClient.Workspace ws = SharedSystem.newWorkspace("logs");
        String ingest = system.ingest().baseUrl();
        String query = system.query().baseUrl();
        String conv = "logs-" + UUID.randomUUID();
        String call = """
                {"eventId":"%2$s-call","type":"llm_call","conversation":{"id":"%2$s","subject":"%1$s-subject"},
                 "assistant":{"id":"logs","name":"%1$s-name"},"startedAt":"2026-11-25T20:00:00Z","durationMs":10,
                 "model":"gpt-4o","systemPrompt":"%1$s-prompt","messages":[{"role":"user","content":"%1$s-message"}],
                 "response":{"text":"%1$s-response","thinking":"%1$s-thinking","toolCalls":[{"id":"t1","name":"fetch","input":{"q":"%1$s-input"}}]},
                 "error":{"type":"x","message":"%1$s-error"},"rateLimit":{"x-ratelimit-remaining-requests":"%1$s-limit"}}""";
        String clash = call.replace("%2$s-call\"", "%2$s-clash\",\"callId\":\"%2$s-call\"");
        String tool = """
                {"eventId":"%2$s-tool","type":"tool_execution","conversation":{"id":"%2$s"},"assistant":{"id":"logs"},
                 "startedAt":"2026-11-25T20:00:01Z","toolCallId":"t1","toolName":"fetch","input":{"q":"%1$s-tool-input"},
                 "result":{"r":"%1$s-tool-result"}}""";
        String http = """
                {"eventId":"%2$s-http","type":"http_request","conversation":{"id":"%2$s"},"assistant":{"id":"logs"},
                 "startedAt":"2026-11-25T20:00:02Z","method":"POST","url":"https://api.example.com/x?q=%1$s-url",
                 "statusCode":500,"requestHeaders":{"Authorization":"Bearer %1$s-header","X-Note":"%1$s-note"},
                 "requestBody":{"text":"%1$s-request-body"},"responseBody":"%1$s-response-body"}""";
        String invalid = """
                {"eventId":"%2$s-bad","type":"llm_call","conversation":{"id":"%2$s"},"assistant":{"id":"logs"},
                 "startedAt":"not a time %1$s","model":"%1$s-model","usage":{"inputTokens":-1}}""";
        String batch = "{\"events\":[" + String.join(",", List.of(call, tool, http, invalid)).formatted(MARK, conv) + "]}";
        given().baseUri(ingest).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json").body(batch)
                .post("/v1/events").then().statusCode(207);
        // A second call under an existing callId is dead-lettered by the writer.
        given().baseUri(ingest).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .body("{\"events\":[" + clash.formatted(MARK, conv) + "]}").post("/v1/events").then().statusCode(202);
        // Malformed JSON, planted keys and tokens, a planted cursor.
        given().baseUri(ingest).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .body("{\"events\":[{\"eventId\":\"" + MARK + "-broken").post("/v1/events").then().statusCode(400);
        given().baseUri(ingest).header("Authorization", "Bearer al_ingest_" + MARK + "0000000000000").contentType("application/json")
                .body("{}").post("/v1/events").then().statusCode(401);
        given().baseUri(query).header("Authorization", "Bearer " + MARK + "-operator").get("/v1/admin/workspaces/x/keys").then().statusCode(401);
        given().baseUri(query).get("/v1/activity/stream?streamToken=" + MARK + ".token").then().statusCode(401);
        given().baseUri(query).header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations?cursor=" + MARK).then().statusCode(400);
        String token = given().baseUri(query).header("Authorization", "Bearer " + ws.readKey()).post("/v1/stream-tokens")
                .then().statusCode(201).extract().path("token");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().baseUri(query).header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conv)
                        .then().statusCode(200));
        // The clash reaches the dead-letter topic through the writer, which logs it (by id only).
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Files.readString(system.query().log()).contains("callId " + conv + "-call is already stored"));

        List<String> secrets = List.of(MARK, ws.ingestKey(), ws.readKey(), ws.adminKey(), system.adminToken(), token,
                token.substring(0, token.indexOf('.')));
        List<String> leaks = new ArrayList<>();
        for (Path log : List.of(system.ingest().log(), system.query().log())) {
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as(log.toString()).isNotEmpty();
            for (String line : lines) {
                for (String secret : secrets) {
                    if (line.contains(secret)) {
                        leaks.add(log.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }
}
