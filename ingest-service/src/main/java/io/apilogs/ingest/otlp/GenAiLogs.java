package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Hashing;
import io.apilogs.model.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GenAI content sent as OTLP log records, as content events for the call of the span each record names:
 * <ul>
 *   <li>the per-message events {@code gen_ai.system.message}, {@code gen_ai.user.message},
 *       {@code gen_ai.assistant.message}, {@code gen_ai.tool.message} and {@code gen_ai.choice} (what
 *       {@code @opentelemetry/instrumentation-openai} and the Python contrib instrumentations send);</li>
 *   <li>the single-event form {@code gen_ai.client.inference.operation.details}, whose attributes are the structured
 *       {@code gen_ai.system_instructions}, {@code gen_ai.input.messages} and {@code gen_ai.output.messages}.</li>
 * </ul>
 * The records of one span in one export make one content event, {@code otel-<traceId>-<spanId>-log-<digest>} (the digest
 * of those records, so an export sent again is stored once). It goes through the same validation and redaction as a
 * call's content, then the writer joins it to the call, whichever arrives first. Other records are left out.
 */
final class GenAiLogs {
    static final Set<String> MESSAGE_EVENTS = Set.of("gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message",
            "gen_ai.tool.message", "gen_ai.choice", "gen_ai.client.inference.operation.details");
    /** The model of the llm_call the content is parsed as; content keeps none of it. */
    static final String CONTENT_MODEL = "(content)";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The content events made, and how many records were left out for not being GenAI content. */
    record Mapped(List<ObjectNode> events, int ignored) {
    }

    private GenAiLogs() {
    }

    static Mapped map(List<OtlpLog> records) {
        Map<String, List<OtlpLog>> bySpan = new LinkedHashMap<>();
        int ignored = 0;
        for (OtlpLog record : records) {
            if (record.eventName() != null && MESSAGE_EVENTS.contains(record.eventName()) && record.traceId() != null
                    && record.spanId() != null) {
                bySpan.computeIfAbsent(record.traceId() + "-" + record.spanId(), k -> new ArrayList<>()).add(record);
            } else {
                ignored++;
            }
        }
        List<ObjectNode> events = new ArrayList<>();
        bySpan.forEach((span, logs) -> events.add(content(span, logs)));
        return new Mapped(events, ignored);
    }

    private static ObjectNode content(String span, List<OtlpLog> logs) {
        OtlpLog first = logs.get(0);
        ObjectNode event = JSON.objectNode();
        event.put("eventId", "otel-" + span + "-log-" + Hashing.sha256Hex(digestOf(logs)).substring(0, 16));
        event.put("type", "llm_call");
        event.putObject("conversation").put("id", "trace-" + first.traceId());
        Object service = first.resource().get("service.name");
        event.putObject("assistant").put("id", service != null ? String.valueOf(service) : "unknown");
        long start = logs.stream().mapToLong(OtlpLog::timeNanos).filter(t -> t > 0).min().orElse(0);
        event.put("startedAt", (start > 0 ? Instant.ofEpochSecond(0, start) : Instant.now()).toString());
        event.put("model", CONTENT_MODEL);
        List<String> system = new ArrayList<>();
        ArrayNode messages = JSON.arrayNode();
        ObjectNode response = null;
        for (OtlpLog log : logs) {
            JsonNode body = log.body() == null ? JSON.objectNode() : Json.CANONICAL.valueToTree(log.body());
            switch (log.eventName()) {
                case "gen_ai.system.message" -> {
                    String text = text(body.get("content"));
                    if (text != null) {
                        system.add(text);
                    }
                }
                case "gen_ai.user.message" -> messages.add(message("user", body));
                case "gen_ai.assistant.message" -> messages.add(message("assistant", body));
                case "gen_ai.tool.message" -> {
                    ObjectNode message = message("tool", body);
                    if (body.path("id").isTextual()) {
                        message.put("tool_call_id", body.path("id").asText());
                    }
                    messages.add(message);
                }
                case "gen_ai.choice" -> response = response != null ? response : choice(body.path("message"));
                default -> {
                    // gen_ai.client.inference.operation.details: the structured attributes of the current conventions.
                    String instructions = GenAiMessages.texts(GenAiMessages.parse(log.attributes().get("gen_ai.system_instructions")));
                    if (instructions != null) {
                        system.add(instructions);
                    }
                    JsonNode input = GenAiMessages.parse(log.attributes().get("gen_ai.input.messages"));
                    if (input != null && input.isArray()) {
                        input.forEach(messages::add);
                    }
                    ObjectNode output = GenAiMessages.response(GenAiMessages.parse(log.attributes().get("gen_ai.output.messages")));
                    response = response != null ? response : output;
                }
            }
        }
        if (!system.isEmpty()) {
            event.put("systemPrompt", String.join("\n\n", system));
        }
        if (!messages.isEmpty()) {
            event.set("messages", messages);
        }
        if (response != null && !response.isEmpty()) {
            event.set("response", response);
        }
        return event;
    }

    /** A message in OpenAI's chat shape: role, content, tool calls as {@code {id, type, function: {name, arguments}}}. */
    private static ObjectNode message(String role, JsonNode body) {
        ObjectNode message = JSON.objectNode();
        message.put("role", role);
        if (body.has("content")) {
            message.set("content", body.get("content"));
        }
        if (body.path("tool_calls").isArray()) {
            message.set("tool_calls", body.get("tool_calls"));
        }
        return message;
    }

    private static ObjectNode choice(JsonNode message) {
        ObjectNode response = JSON.objectNode();
        String text = text(message.get("content"));
        if (text != null && !text.isEmpty()) {
            response.put("text", text);
        }
        ArrayNode toolCalls = JSON.arrayNode();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.get("arguments");
            JsonNode input = arguments == null ? JSON.objectNode() : arguments.isTextual() ? GenAiMessages.parse(arguments.asText()) : arguments;
            toolCalls.addObject().put("id", call.path("id").asText(null)).put("name", function.path("name").asText(null)).set("input", input);
        }
        if (!toolCalls.isEmpty()) {
            response.set("toolCalls", toolCalls);
        }
        return response;
    }

    /** Content as text: a string, or the text of its parts. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : content) {
            JsonNode text = part.has("text") ? part.get("text") : part.get("content");
            if (text != null && text.isTextual()) {
                texts.add(text.asText());
            }
        }
        return texts.isEmpty() ? content.toString() : String.join("\n\n", texts);
    }

    private static String digestOf(List<OtlpLog> logs) {
        StringBuilder digest = new StringBuilder();
        for (OtlpLog log : logs) {
            digest.append(log.timeNanos()).append('|').append(log.eventName()).append('|')
                    .append(Json.CANONICAL.valueToTree(log.body() == null ? Map.of() : log.body()).toString())
                    .append('|').append(Json.CANONICAL.valueToTree(log.attributes()).toString()).append('\n');
        }
        return digest.toString();
    }
}
