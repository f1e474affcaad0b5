package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one ingest key once did to every other workspace, on the packaged services with their default JVM options:
 * a partition flood (a startedAt in every month of 2000-2099) and sums poisoned by huge costs and token counts, after
 * which accepted events of the same hour were dead-lettered. Both are refused at ingest now, with field paths.
 */
@ExtendWith(SharedSystem.class)
class TenantHarmIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("tenant-harm");
    }

    private static Response post(List<String> events) {
        return given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey())
                .contentType("application/json").body("{\"events\":[" + String.join(",", events) + "]}").post("/v1/events");
    }

    private static long query(String sql) throws SQLException {
        Map<String, String> env = system.stack().serviceEnvironment();
        try (Connection connection = DriverManager.getConnection(env.get("QUARKUS_DATASOURCE_JDBC_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Dead letters the writer has sent since it started, over every reason (0 before the first). */
    private static double deadLetters() {
        String metrics = given().baseUri(system.query().baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^apilogs_writer_dead_letters_total\\{[^}]*} ([0-9.E+]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    @Test
    void aStartedAtInEveryMonthOfTheCenturyCreatesNoPartition() throws Exception {
        long before = query("select count(*) from pg_class where relispartition and relkind = 'r'");
        List<String> events = new ArrayList<>();
        for (int year = 2000; year < 2100; year++) {
            for (int month = 1; month <= 12; month++) {
                events.add("""
                        {"eventId":"flood-%s","type":"tool_execution","conversation":{"id":"flood"},"assistant":{"id":"a"},
                         "startedAt":"%d-%02d-15T00:00:00Z","toolName":"t","toolCallId":"t1"}""".formatted(UUID.randomUUID(), year, month));
            }
        }
        int accepted = 0;
        for (int from = 0; from < events.size(); from += 400) {
            Response response = post(events.subList(from, from + 400));
            assertThat(response.statusCode()).isEqualTo(207);
            accepted += response.<Integer>path("accepted");
            List<String> fields = response.path("errors.errors.field.flatten()");
            List<String> messages = response.path("errors.errors.message.flatten()");
            assertThat(fields).isNotEmpty().containsOnly("startedAt");
            assertThat(messages).allMatch(m -> m.contains("before the server's clock") || m.contains("after the server's clock"));
        }
        // Only the months from three years back to now are inside the window: 37 or so of the 1,200.
        assertThat(accepted).isBetween(30, 40);
        long inWindow = accepted;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                query("select count(*) from tool_executions where workspace_id = '" + ws.id() + "'") == inWindow);
        assertThat(query("select count(*) from pg_class where relispartition and relkind = 'r'") - before)
                .as("partitions created for the flood (each month in the window may create its six)").isLessThanOrEqualTo(40L * 6);
        assertThat(query("select count(*) from pg_class where relname in ('tool_executions_2000_01', 'tool_executions_2099_12')"))
                .isZero();
    }

    @Test
    void noAcceptedEventIsDeadLetteredBecauseOfAnother() throws Exception {
        double deadBefore = deadLetters();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<String> poison = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            poison.add(call("poison-cost-" + i, hour.plusSeconds(i), "gpt-4o", "a-" + i, 10, "999999999999999.999999999"));
        }
        poison.add(call("poison-tokens", hour.plusSeconds(9), "gpt-4o", "a-9", 9223372036854775000L, null));
        Response refused = post(poison);
        assertThat(refused.statusCode()).isEqualTo(207);
        assertThat(refused.<Integer>path("accepted")).isZero();
        assertThat(refused.<List<String>>path("errors.errors.field.flatten()")).containsExactly(
                "costUsd", "costUsd", "costUsd", "costUsd", "costUsd", "costUsd", "costUsd", "costUsd", "usage.inputTokens");

        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            valid.add(call("valid-" + UUID.randomUUID(), hour.plusSeconds(20 + i), i % 2 == 0 ? "claude-haiku-4-5" : "gpt-4o-mini",
                    "other-" + i, 1000 + i, null));
        }
        post(valid).then().statusCode(202);
        StoredCounts stored = StoredCounts.awaitAll(system, ws.id(), 12, Duration.ofSeconds(60));
        assertThat(stored.rows()).isEqualTo(12);
        assertThat(stored.distinctEvents()).isEqualTo(12);
        assertThat(deadLetters()).isEqualTo(deadBefore);

        String day = hour.toString().substring(0, 10);
        Response usage = given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey())
                .queryParam("from", day).queryParam("to", day).queryParam("groupBy", "model").get("/v1/analytics/usage");
        usage.then().statusCode(200);
        long expectedInput = 0;
        for (int i = 0; i < 12; i++) {
            expectedInput += 1000 + i;
        }
        assertThat(usage.<Number>path("totals.tokens.input").longValue()).isEqualTo(expectedInput);
        assertThat(usage.<Integer>path("totals.calls")).isEqualTo(12);
    }

    private static String call(String id, Instant at, String model, String assistant, long inputTokens, String cost) {
        return """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"harm-%s"},"assistant":{"id":"%s"},"startedAt":"%s",
                 "durationMs":100,"provider":"openai","model":"%s","usage":{"inputTokens":%d,"outputTokens":5}%s}"""
                .formatted(id, assistant, assistant, at, model, inputTokens, cost == null ? "" : ",\"costUsd\":" + cost);
    }
}
