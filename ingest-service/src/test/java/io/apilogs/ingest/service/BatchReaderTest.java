package io.apilogs.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.api.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The body of POST /v1/events read as a stream: count bombs are refused before they are built. */
class BatchReaderTest {
    private final BatchReader reader = new BatchReader(64, 5 * 1024 * 1024, 1_000_000, 1000);

    private Problem rejection(String body) {
        try {
            reader.read(body.getBytes(StandardCharsets.UTF_8));
        } catch (BatchRejected e) {
            return e.problem();
        }
        throw new AssertionError("accepted: " + body.substring(0, Math.min(200, body.length())));
    }

    private String said(String body) {
        Problem problem = rejection(body);
        assertThat(problem.status()).isEqualTo(400);
        return problem.detail() + " " + problem.errors();
    }

    @Test
    void aMillionEmptyEventsAreRefusedAtTheFirstOnePastTheLimit() {
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1_700_000; i++) {
            body.append(i == 0 ? "{}" : ",{}");
        }
        body.append("]}");
        assertThat(body.length()).isLessThan(5 * 1024 * 1024);
        assertThat(said(body.toString())).contains("events").contains("must have at most 1000 events");
    }

    @Test
    void oneEventHoldingAMillionValuesIsRefusedAtTheTokenLimit() {
        StringBuilder body = new StringBuilder("{\"events\":[{\"messages\":[");
        for (int i = 0; i < 1_200_000; i++) {
            body.append(i == 0 ? "0" : ",0");
        }
        body.append("]}]}");
        assertThat(said(body.toString())).contains("exceeds a parser limit").contains("1000000");
    }

    @Test
    void aBatchAtTheLimitsIsRead() {
        StringBuilder body = new StringBuilder("{\"other\":{\"x\":[1,2]},\"events\":[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"eventId\":\"e").append(i).append("\"}");
        }
        body.append("]}");
        List<JsonNode> events = reader.read(body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(1000);
        assertThat(events.get(999).path("eventId").asText()).isEqualTo("e999");
    }

    @Test
    void whatIsWrongWithTheBodyAsAWholeIsSaidAsBefore() {
        assertThat(said("")).contains("the body is empty");
        assertThat(said("[]")).contains("must be a JSON object");
        assertThat(said("{}")).contains("events").contains("is required");
        assertThat(said("{\"events\":null}")).contains("is required");
        assertThat(said("{\"events\":{}}")).contains("must be an array");
        assertThat(said("{\"events\":\"x\"}")).contains("must be an array");
        assertThat(said("{\"events\":[]}")).contains("must not be empty");
        assertThat(said("{\"events\":[{}]} {}")).contains("not valid JSON");
        assertThat(said("{\"events\":[{}],\"events\":[{}]}")).contains("events").contains("is repeated");
        assertThat(said("{\"events\":[{\"a\":1,\"a\":2}]}")).contains("events[0].a").contains("is repeated");
        assertThat(said("{\"events\":[" + "[".repeat(70) + "]".repeat(70) + "]}")).contains("nested deeper than 64 levels");
        assertThat(said("{\"events\":[{}")).contains("not valid JSON");
    }
}
