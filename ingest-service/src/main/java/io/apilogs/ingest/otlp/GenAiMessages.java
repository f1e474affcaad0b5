package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The GenAI conventions' structured content (system instructions, input and output messages) in API Logs' terms. */
final class GenAiMessages {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GenAiMessages() {
    }

    /** A structured attribute: a JSON string is parsed (kept as a string when it is not JSON); lists and maps as JSON. */
    static JsonNode parse(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
                try {
                    return Json.CANONICAL.readTree(trimmed);
                } catch (IOException e) {
                    return JSON.textNode(text);
                }
            }
            return JSON.textNode(text);
        }
        return Json.CANONICAL.valueToTree(value);
    }

    /** The text of GenAI message parts ({@code [{"type":"text","content":...}]}), joined with blank lines; or a plain string. */
    static String texts(JsonNode parts) {
        if (parts == null) {
            return null;
        }
        if (parts.isTextual()) {
            return parts.asText();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            if ("text".equals(part.path("type").asText()) && part.path("content").isTextual()) {
                texts.add(part.path("content").asText());
            }
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    /** The assistant's output messages as a response: text, reasoning as thinking, tool_call parts as tool calls. */
    static ObjectNode response(JsonNode output) {
        if (output == null || !output.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        List<String> thinking = new ArrayList<>();
        ArrayNode toolCalls = JSON.arrayNode();
        for (JsonNode message : output) {
            for (JsonNode part : message.path("parts")) {
                switch (part.path("type").asText()) {
                    case "text" -> texts.add(part.path("content").asText());
                    case "reasoning" -> thinking.add(part.path("content").asText());
                    case "tool_call" -> {
                        ObjectNode call = toolCalls.addObject();
                        call.put("id", part.path("id").asText(null));
                        call.put("name", part.path("name").asText(null));
                        JsonNode arguments = part.get("arguments");
                        call.set("input", arguments == null ? JSON.objectNode() : arguments.isTextual() ? parse(arguments.asText()) : arguments);
                    }
                    default -> {
                        // other part types (files, blobs) stay in the messages only
                    }
                }
            }
        }
        ObjectNode response = JSON.objectNode();
        if (!texts.isEmpty()) {
            response.put("text", String.join("\n\n", texts));
        }
        if (!thinking.isEmpty()) {
            response.put("thinking", String.join("\n\n", thinking));
        }
        if (!toolCalls.isEmpty()) {
            response.set("toolCalls", toolCalls);
        }
        return response;
    }
}
