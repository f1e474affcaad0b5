package io.apilogs.model.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link TextSecrets#content} over a JSON value, copying only what changes: a message array of 10 KB with no secret is
 * returned as the same instance, not rebuilt.
 */
final class ContentJson {
    private ContentJson() {
    }

    static JsonNode redact(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            String text = value.textValue();
            String redacted = TextSecrets.content(text);
            return redacted == text ? value : TextNode.valueOf(redacted);
        }
        if (value.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                JsonNode redacted = redact(element);
                if (redacted != element && copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode(value.size());
                    for (int j = 0; j < i; j++) {
                        copy.add(value.get(j));
                    }
                }
                if (copy != null) {
                    copy.add(redacted);
                }
            }
            return copy == null ? value : copy;
        }
        if (value.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(value.size());
            boolean changed = false;
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String key = TextSecrets.content(field.getKey());
                JsonNode redacted = redact(field.getValue());
                changed |= key != field.getKey() || redacted != field.getValue();
                fields.add(Map.entry(key, redacted));
            }
            if (!changed) {
                return value;
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(field -> copy.set(field.getKey(), field.getValue()));
            return copy;
        }
        return value;
    }
}
