package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer keeps an event's JSON fields as slices of the Kafka record: the same JSON text as writing the tree back in canonical form. */
class RawJsonTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LONE = "\uD800";
    private static final String[] PIECES = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "中", "🙂", LONE, "\u2028",
            "</script>", "{", "]", ","};

    private static String text(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    /** What a JSON field of an event holds in practice: an array, an object or a string (each of which is sliced). */
    private static JsonNode field(SplittableRandom random) {
        return tree(random, 0, new int[]{0, 4, 5}[random.nextInt(3)]);
    }

    private static JsonNode tree(SplittableRandom random, int depth) {
        return tree(random, depth, depth > 3 ? random.nextInt(4) : random.nextInt(6));
    }

    private static JsonNode tree(SplittableRandom random, int depth, int kind) {
        switch (kind) {
            case 0:
                return NODES.textNode(text(random));
            case 1:
                return NODES.numberNode(random.nextLong());
            case 2:
                return random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
            case 3:
                return NODES.numberNode(new java.math.BigDecimal(random.nextInt(100000)).movePointLeft(random.nextInt(6)));
            case 4: {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(tree(random, depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    // A lone surrogate in a name is refused by Jackson's parser at ingest already.
                    object.set(text(random).replace(LONE, "?"), tree(random, depth + 1));
                }
                return object;
            }
        }
    }

    private static LlmCallEvent call(JsonNode messages, JsonNode input, JsonNode attributes) {
        return new LlmCallEvent("ws", "e1", new ConversationRef("c", "Subject"), new AssistantRef("a", null),
                Instant.parse("2026-12-01T10:00:00Z"), 5L, "call", "openai", "gpt-4o", "system", messages,
                new LlmResponse("ok", null, List.of(new ToolCall("t1", "search", input))), "stop",
                new Usage(1L, 2L, null, null, null, null), null, null, Map.of("x-ratelimit-remaining-requests", "9"), attributes);
    }

    private static String stored(Object value) {
        Buffer bytes = Values.jsonUtf8(value);
        return bytes == null ? null : bytes.toString(StandardCharsets.UTF_8);
    }

    /** The canonical form's UTF-8, as ingest writes it (a lone surrogate escaped, where a String would carry it raw). */
    private static String canonical(Object value) throws Exception {
        return value == null ? null : new String(Json.CANONICAL.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    /** Issue 25: metadata is read as a tree, not a slice, so its keys make filter values (an e2e run found it empty). */
    @Test
    void labelsKeepTheirMetadataThroughTheRecordReader() throws Exception {
        io.apilogs.model.event.Labels labels = new io.apilogs.model.event.Labels(new io.apilogs.model.event.UserRef("u-1", "Ada"),
                java.util.List.of("vip"), io.apilogs.model.Json.CANONICAL.readTree("{\"plan\":\"pro\",\"seats\":12}"));
        io.apilogs.model.event.Event event = new io.apilogs.model.event.ConversationEvent("ws", "e-1",
                new io.apilogs.model.event.ConversationRef("c-1", null), new io.apilogs.model.event.AssistantRef("a", null),
                java.time.Instant.parse("2026-11-20T10:00:00Z"), null, null, labels);
        io.apilogs.model.event.Event read = RawJson.read(io.apilogs.model.Json.CANONICAL.writeValueAsBytes(event));
        org.assertj.core.api.Assertions.assertThat(read.labels()).isEqualTo(labels);
        org.assertj.core.api.Assertions.assertThat(ItemValues.of(read)).containsExactly("u:u-1", "t:vip", "m:plan=pro", "m:seats=12");
    }

    @Test
    void everyJsonFieldIsStoredAsTheSameTextAsTheTreeWouldBe() throws Exception {
        SplittableRandom random = new SplittableRandom(21);
        int slices = 0;
        for (int n = 0; n < 2_000; n++) {
            LlmCallEvent original = call(field(random), field(random), random.nextBoolean() ? field(random) : null);
            LlmCallEvent read = (LlmCallEvent) RawJson.read(Json.CANONICAL.writeValueAsBytes(original));

            assertThat(stored(read.messages())).isEqualTo(canonical(original.messages()));
            assertThat(stored(read.attributes())).isEqualTo(canonical(original.attributes()));
            assertThat(stored(read.response().toolCalls())).isEqualTo(canonical(original.response().toolCalls()));
            assertThat(read.workspaceId()).isEqualTo("ws");
            assertThat(read.startedAt()).isEqualTo(original.startedAt());
            assertThat(read.usage()).isEqualTo(original.usage());
            assertThat(read.rateLimit()).isEqualTo(original.rateLimit());
            if (RawJson.of(read.messages()) != null) {
                slices++;
            }
        }
        // The check above would pass on trees too: every field must have come as a slice.
        assertThat(slices).isEqualTo(2_000);
    }

    @Test
    void numbersBooleansAndNullsAreReadAsUsual() throws Exception {
        ToolExecutionEvent tool = new ToolExecutionEvent("ws", "e1", new ConversationRef("c", null), new AssistantRef("a", null),
                Instant.parse("2026-12-01T10:00:00Z"), 5L, "t1", null, "search", NODES.numberNode(42), NODES.booleanNode(true), null);
        ToolExecutionEvent read = (ToolExecutionEvent) RawJson.read(Json.CANONICAL.writeValueAsBytes(tool));
        assertThat(read.input()).isEqualTo(NODES.numberNode(42));
        assertThat(read.result()).isEqualTo(NODES.booleanNode(true));
        assertThat(read.attributes()).isNull();

        byte[] explicitNull = """
                {"type":"tool_execution","workspaceId":"ws","eventId":"e1","conversation":{"id":"c"},"assistant":{"id":"a"},
                 "startedAt":"2026-12-01T10:00:00Z","toolName":"search","input":null,"result":"done"}""".getBytes(StandardCharsets.UTF_8);
        read = (ToolExecutionEvent) RawJson.read(explicitNull);
        assertThat(read.input()).isInstanceOf(NullNode.class);
        assertThat(stored(read.result())).isEqualTo("\"done\"");
    }

    @Test
    void aRecordWhoseTypeComesLastIsReadAsTrees() throws Exception {
        // Jackson buffers the fields before the type, so their byte places are unknown: trees, with the same text.
        byte[] typeLast = """
                {"workspaceId":"ws","eventId":"e1","conversation":{"id":"c"},"assistant":{"id":"a"},"startedAt":"2026-12-01T10:00:00Z",
                 "messages":[{"role":"user","content":"héllo \\"there\\""}],"response":{"text":"ok"},"type":"llm_call"}"""
                .getBytes(StandardCharsets.UTF_8);
        LlmCallEvent read = (LlmCallEvent) RawJson.read(typeLast);
        assertThat(read.messages()).isNotInstanceOf(POJONode.class);
        assertThat(stored(read.messages())).isEqualTo("[{\"role\":\"user\",\"content\":\"héllo \\\"there\\\"\"}]");
    }

    @Test
    void aSliceIsTheRecordsOwnBytes() throws Exception {
        Event read = RawJson.read(Json.CANONICAL.writeValueAsBytes(call(NODES.arrayNode().add("x".repeat(10_000)), NODES.objectNode(), null)));
        RawJson messages = RawJson.of(((LlmCallEvent) read).messages());
        assertThat(messages).isNotNull();
        assertThat(messages.length()).isEqualTo(10_004);
        assertThat(messages.toString()).startsWith("[\"xxx").endsWith("xxx\"]");
    }

    @Test
    void aRecordThatIsNotUtf8IsNotAnEventEvenWhereItIsOnlySliced() throws Exception {
        // Only a producer that bypasses ingest can write one; the parse still checks the bytes it skips over.
        String record = new String(Json.CANONICAL.writeValueAsBytes(call(NODES.arrayNode().add(NODES.objectNode().put("q", "x")),
                NODES.textNode("t"), null)), StandardCharsets.ISO_8859_1);
        for (String bad : List.of(record.replace("{\"q\":\"x\"}", "{\"q\":\"x\u0080\"}"), record.replace("\"t\"", "\"\u00ff\""))) {
            assertThat(bad).isNotEqualTo(record);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RawJson.read(bad.getBytes(StandardCharsets.ISO_8859_1)))
                    .hasMessageContaining("Invalid UTF-8");
        }
    }
}
