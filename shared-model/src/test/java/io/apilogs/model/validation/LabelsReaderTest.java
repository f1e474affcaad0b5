package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.Json;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 25, item 1: end user, tags and metadata on every event type, with a field path for every bad value. */
class LabelsReaderTest {
    private static final ObjectMapper MAPPER = Json.untrusted(64, 20_000_000);
    private final EventParser parser = new EventParser(Limits.DEFAULT);

    private ParsedEvent parse(String type, String labels) throws Exception {
        String extra = switch (type) {
            case "llm_call" -> "\"model\":\"m\",";
            case "tool_execution" -> "\"toolCallId\":\"t-1\",";
            default -> "";
        };
        return parser.parse(MAPPER.readTree("{\"eventId\":\"e-1\",\"type\":\"" + type + "\",\"conversation\":{\"id\":\"c-1\"},"
                + "\"assistant\":{\"id\":\"a\"},\"startedAt\":\"2026-11-25T20:01:15Z\"," + extra + labels + "}"), "ws-1");
    }

    @Test
    void everyEventTypeCarriesUserTagsAndMetadata() throws Exception {
        for (String type : new String[]{"llm_call", "tool_execution", "http_request", "conversation"}) {
            ParsedEvent parsed = parse(type, "\"user\":{\"id\":\"alice@example.com\",\"name\":\"Alice\"},\"tags\":[\"refund\",\"vip\",\"refund\"],"
                    + "\"metadata\":{\"plan\":\"pro\",\"seats\":12,\"price\":1.50,\"trial\":false}");
            assertThat(parsed.errors()).as(type).isEmpty();
            Labels labels = parsed.event().labels();
            assertThat(labels).as(type).isNotNull();
            assertThat(labels.user().id()).isEqualTo("alice@example.com");
            assertThat(labels.user().name()).isEqualTo("Alice");
            assertThat(labels.tags()).as("distinct, in order").containsExactly("refund", "vip");
            assertThat(labels.filterValues()).containsExactly("u:alice@example.com", "t:refund", "t:vip", "m:plan=pro", "m:seats=12",
                    "m:price=1.5", "m:trial=false");
        }
    }

    @Test
    void anEventWithoutThemCarriesNone() throws Exception {
        assertThat(parse("llm_call", "\"tags\":[],\"metadata\":{}").event().labels()).isNull();
    }

    @Test
    void labelsSurviveTheWayThroughKafka() throws Exception {
        Event event = parse("llm_call", "\"user\":{\"id\":\"u-1\"},\"tags\":[\"a\"],\"metadata\":{\"n\":3}").event();
        ObjectMapper mapper = Json.CANONICAL;
        Event back = mapper.readValue(mapper.writeValueAsBytes(event), Event.class);
        assertThat(back).isInstanceOf(LlmCallEvent.class);
        assertThat(back.labels()).isEqualTo(event.labels());
    }

    @Test
    void badValuesAreFieldErrors() throws Exception {
        String manyTags = IntStream.range(0, 21).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(",", "[", "]"));
        String manyKeys = IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\":1").collect(Collectors.joining(",", "{", "}"));
        assertThat(errorsOf("\"user\":{\"name\":\"x\"}")).containsExactly("user.id: is required");
        assertThat(errorsOf("\"user\":\"alice\"")).containsExactly("user: must be an object");
        assertThat(errorsOf("\"user\":{\"id\":\"\"}")).containsExactly("user.id: must not be empty");
        assertThat(errorsOf("\"tags\":" + manyTags)).containsExactly("tags: must have at most 20 tags");
        assertThat(errorsOf("\"tags\":[\"ok\",7,\"" + "x".repeat(65) + "\"]")).containsExactly("tags[1]: must be a string",
                "tags[2]: must be at most 64 characters");
        assertThat(errorsOf("\"tags\":\"a\"")).hasSize(1).allMatch(e -> e.startsWith("tags: "));
        assertThat(errorsOf("\"metadata\":" + manyKeys)).containsExactly("metadata: must have at most 50 keys");
        assertThat(errorsOf("\"metadata\":{\"a\":{\"b\":1},\"c\":null,\"d\":[1],\"" + "k".repeat(65) + "\":1,\"e\":\"" + "v".repeat(1025) + "\"}"))
                .containsExactly("metadata.a: must be a string, a number or a boolean", "metadata.c: must be a string, a number or a boolean",
                        "metadata.d: must be a string, a number or a boolean", "metadata." + "k".repeat(65) + ": must be at most 64 characters",
                        "metadata.e: must be at most 1024 bytes");
        assertThat(errorsOf("\"metadata\":{\"a=b\":\"c\"}")).hasSize(1).allMatch(e -> e.startsWith("metadata.a=b: a metadata key must not contain '='"));
    }

    @Test
    void secretsInMetadataAreRedacted() throws Exception {
        Labels labels = parse("llm_call", "\"metadata\":{\"note\":\"called with sk-abcdefghijklmnopqrstuvwx1234\"}").event().labels();
        assertThat(labels.metadata().get("note").asText()).contains("[REDACTED]").doesNotContain("sk-abcdefghijklmnopqrstuvwx1234");
    }

    private java.util.List<String> errorsOf(String labels) throws Exception {
        ParsedEvent parsed = parse("llm_call", labels);
        assertThat(parsed.event()).as("nothing half-stored").isNull();
        return parsed.errors().stream().map(e -> e.field() + ": " + e.message()).toList();
    }
}
