package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A span's end user, tags and metadata (issue 25), from where instrumentations put them: {@code user.id} and
 * {@code enduser.id} (OpenTelemetry, OpenInference), OpenInference's {@code tag.tags} (a list) and {@code metadata}
 * (a JSON object as text), OpenLLMetry's {@code traceloop.association.properties.*} and the Vercel AI SDK's
 * {@code ai.telemetry.metadata.*}. Each is read from the resource, then from the root span down to the span itself,
 * the nearer winning a metadata key and tags adding up. Values are made to fit the event's limits rather than fail
 * it (an instrumentation's data is not the client's to fix): keys past 50 and tags past 20 are left out, longer
 * values cut. The conversation and user keys among the prefixed ones are not metadata.
 */
final class SpanLabels {
    static final List<String> METADATA_PREFIXES = List.of("ai.telemetry.metadata.", "traceloop.association.properties.");
    static final String TAGS = "tag.tags";
    static final String METADATA = "metadata";
    private static final int MAX_TAGS = 20;
    private static final int MAX_KEYS = 50;
    private static final int MAX_WORD = 64;
    private static final int MAX_VALUE_BYTES = 1024;
    private static final int MAX_USER_ID = 256;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SpanLabels() {
    }

    /** Whether an attribute is read here (so it is not kept again among the event's other attributes). */
    static boolean reads(String key) {
        return SpanContext.USER_KEYS.contains(key) || key.equals(TAGS) || key.equals(METADATA)
                || METADATA_PREFIXES.stream().anyMatch(key::startsWith);
    }

    static void apply(ObjectNode event, OtlpSpan span, SpanContext context) {
        String user = context.user(span);
        if (user != null && !user.isBlank() && user.length() <= MAX_USER_ID && user.indexOf('\u0000') < 0) {
            event.putObject("user").put("id", user);
        }
        List<Map<String, Object>> levels = new ArrayList<>();
        levels.add(span.resource());
        List<Map<String, Object>> chain = new ArrayList<>();
        OtlpSpan at = span;
        for (int depth = 0; at != null && depth < 64; depth++) {
            chain.add(at.attributes());
            at = context.parent(at);
        }
        Collections.reverse(chain);
        levels.addAll(chain);

        Set<String> tags = new LinkedHashSet<>();
        Map<String, JsonNode> metadata = new LinkedHashMap<>();
        for (Map<String, Object> attributes : levels) {
            if (attributes.get(TAGS) instanceof List<?> list) {
                list.forEach(tag -> {
                    if (tag instanceof String text && word(text)) {
                        tags.add(text);
                    }
                });
            } else if (attributes.get(TAGS) instanceof String text) {
                tags.addAll(textTags(text));
            }
            if (attributes.get(METADATA) instanceof String text) {
                openInference(text, metadata);
            }
            attributes.forEach((key, value) -> {
                for (String prefix : METADATA_PREFIXES) {
                    if (key.startsWith(prefix) && !SpanContext.CONVERSATION_KEYS.contains(key) && !SpanContext.USER_KEYS.contains(key)) {
                        put(metadata, key.substring(prefix.length()), value);
                    }
                }
            });
        }
        if (!tags.isEmpty()) {
            ArrayNode array = event.putArray("tags");
            tags.stream().limit(MAX_TAGS).forEach(array::add);
        }
        if (!metadata.isEmpty()) {
            ObjectNode object = event.putObject("metadata");
            metadata.entrySet().stream().limit(MAX_KEYS).forEach(e -> object.set(e.getKey(), e.getValue()));
        }
    }

    /** OpenInference's {@code tag.tags} sent as one text: a JSON array, or one tag. */
    private static List<String> textTags(String text) {
        List<String> tags = new ArrayList<>();
        try {
            JsonNode parsed = Json.CANONICAL.readTree(text);
            if (parsed != null && parsed.isArray()) {
                parsed.forEach(tag -> {
                    if (tag.isTextual() && word(tag.textValue())) {
                        tags.add(tag.textValue());
                    }
                });
                return tags;
            }
        } catch (Exception notJson) {
            // one tag
        }
        if (word(text)) {
            tags.add(text);
        }
        return tags;
    }

    private static void openInference(String text, Map<String, JsonNode> metadata) {
        JsonNode parsed;
        try {
            parsed = Json.CANONICAL.readTree(text);
        } catch (Exception notJson) {
            return;
        }
        if (parsed != null && parsed.isObject()) {
            parsed.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    put(metadata, field.getKey(), value.textValue());
                } else if (value.isNumber() || value.isBoolean()) {
                    if (word(field.getKey()) && field.getKey().indexOf('=') < 0) {
                        metadata.put(field.getKey(), value);
                    }
                } else if (value.isContainerNode()) {
                    put(metadata, field.getKey(), value.toString());
                }
            });
        }
    }

    private static void put(Map<String, JsonNode> metadata, String key, Object value) {
        if (!word(key) || key.indexOf('=') >= 0 || value == null) {
            return;
        }
        if (value instanceof Long number) {
            metadata.put(key, JSON.numberNode(number));
        } else if (value instanceof Double number) {
            metadata.put(key, number.isNaN() || number.isInfinite() ? JSON.textNode(String.valueOf(number)) : JSON.numberNode(number));
        } else if (value instanceof Boolean flag) {
            metadata.put(key, JSON.booleanNode(flag));
        } else {
            String text = value instanceof List<?> list ? Json.CANONICAL.valueToTree(list).toString() : String.valueOf(value);
            if (text.indexOf('\u0000') >= 0) {
                text = text.replace("\u0000", "");
            }
            metadata.put(key, JSON.textNode(cut(text)));
        }
    }

    private static boolean word(String text) {
        return text != null && !text.isBlank() && text.codePointCount(0, text.length()) <= MAX_WORD && text.indexOf('\u0000') < 0;
    }

    /** At most 1 KB of UTF-8, cut at a character boundary. */
    private static String cut(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_VALUE_BYTES) {
            return text;
        }
        int end = MAX_VALUE_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
