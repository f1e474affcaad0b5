package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attributes flattened by index, as OpenInference ({@code llm.input_messages.0.message.role}) and the older GenAI
 * conventions ({@code gen_ai.prompt.0.role}) send messages: grouped back by index, in index order.
 */
final class Indexed {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Indexed() {
    }

    /** {@code prefix + "<n>." + rest} keys as n → (rest → value); keys whose n is not a number are left out. */
    static TreeMap<Integer, Map<String, Object>> group(Map<String, Object> attributes, String prefix) {
        TreeMap<Integer, Map<String, Object>> groups = new TreeMap<>();
        attributes.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            String index = dot < 0 ? rest : rest.substring(0, dot);
            if (index.isEmpty() || index.length() > 6 || !index.chars().allMatch(Character::isDigit)) {
                return;
            }
            groups.computeIfAbsent(Integer.parseInt(index), k -> new TreeMap<>()).put(dot < 0 ? "" : rest.substring(dot + 1), value);
        });
        return groups;
    }

    static String text(Map<String, Object> group, String key) {
        Object value = group.get(key);
        return value == null ? null : String.valueOf(value);
    }

    /**
     * Tool calls under {@code prefix} in a group ({@code tool_calls.0.id}, ...), as {@code [{"id","name","input"}]}:
     * {@code id}, {@code name} and {@code arguments} are read at each of the {@code paths} given (relative to the call).
     */
    static ArrayNode toolCalls(Map<String, Object> group, String prefix, String idPath, String namePath, String argumentsPath) {
        ArrayNode calls = JSON.arrayNode();
        for (Map<String, Object> call : group(group, prefix).values()) {
            ObjectNode node = calls.addObject();
            node.put("id", text(call, idPath));
            node.put("name", text(call, namePath));
            JsonNode input = GenAiMessages.parse(call.get(argumentsPath));
            node.set("input", input == null ? JSON.objectNode() : input);
        }
        return calls;
    }

    /** Messages in OpenAI's chat shape, from groups of role/content/tool calls; system messages are left to the caller. */
    static List<Map<String, Object>> ofRole(TreeMap<Integer, Map<String, Object>> groups, String roleKey, boolean system) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> group : groups.values()) {
            boolean isSystem = "system".equals(text(group, roleKey)) || "developer".equals(text(group, roleKey));
            if (isSystem == system) {
                found.add(group);
            }
        }
        return found;
    }
}
