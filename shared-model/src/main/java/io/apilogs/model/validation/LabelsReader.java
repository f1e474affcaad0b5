package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.UserRef;
import io.apilogs.model.redaction.Redactor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an event's {@code user}, {@code tags} and {@code metadata} (issue 25), recording every problem with its path.
 * Metadata string values are redacted as free text, as attributes are: a client that copies a request's context into
 * metadata must not store its token.
 */
final class LabelsReader {
    static final int MAX_TAGS = 20;
    static final int MAX_TAG_CHARS = 64;
    static final int MAX_METADATA_KEYS = 50;
    static final int MAX_METADATA_KEY_CHARS = 64;
    static final int MAX_METADATA_VALUE_BYTES = 1024;
    static final int MAX_USER_NAME_CHARS = 200;
    static final int MAX_USER_ID_CHARS = 256;

    private LabelsReader() {
    }

    static Labels read(JsonNode node, FieldReader in) {
        return Labels.orNull(user(node, in), tags(node, in), metadata(node, in));
    }

    private static UserRef user(JsonNode node, FieldReader in) {
        JsonNode user = in.object(node, "user", "user", false);
        if (user == null) {
            return null;
        }
        // Any text: an end user's id is often an e-mail address, which the id rule of our own ids would refuse.
        JsonNode idNode = user.get("id");
        String id = null;
        if (FieldReader.absent(idNode)) {
            in.error("user.id", "is required");
        } else {
            id = word(idNode, "user.id", MAX_USER_ID_CHARS, in);
        }
        String name = in.shortText(user, "name", "user.name", MAX_USER_NAME_CHARS);
        return id == null ? null : new UserRef(id, name);
    }

    private static List<String> tags(JsonNode node, FieldReader in) {
        JsonNode tags = in.array(node, "tags", "tags");
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            in.error("tags", "must have at most " + MAX_TAGS + " tags");
            return List.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String path = "tags[" + i + "]";
            String tag = word(tags.get(i), path, MAX_TAG_CHARS, in);
            if (tag != null) {
                result.add(tag);
            }
        }
        return new ArrayList<>(result);
    }

    private static JsonNode metadata(JsonNode node, FieldReader in) {
        JsonNode metadata = in.object(node, "metadata", "metadata", false);
        if (metadata == null) {
            return null;
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            in.error("metadata", "must have at most " + MAX_METADATA_KEYS + " keys");
            return null;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : metadata.properties()) {
            String key = field.getKey();
            String path = "metadata." + key;
            if (word(TextNode.valueOf(key), path, MAX_METADATA_KEY_CHARS, in) == null) {
                continue;
            }
            if (key.indexOf('=') >= 0) {
                in.error(path, "a metadata key must not contain '=' (a filter meta.<key>=<value> could not tell where it ends)");
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                String text = value.textValue();
                if (text.indexOf('\u0000') >= 0) {
                    in.error(path, "must not contain the NUL character (U+0000)");
                } else if (FieldReader.utf8LongerThan(text, MAX_METADATA_VALUE_BYTES)) {
                    in.error(path, "must be at most " + MAX_METADATA_VALUE_BYTES + " bytes");
                } else {
                    result.put(key, Redactor.redactText(text));
                }
            } else if (value.isNumber() || value.isBoolean()) {
                result.set(key, value);
            } else {
                in.error(path, "must be a string, a number or a boolean");
            }
        }
        return result;
    }

    /** A tag or a metadata key: a non-empty string of at most {@code maxChars} characters, without NUL. */
    private static String word(JsonNode value, String path, int maxChars, FieldReader in) {
        if (!value.isTextual()) {
            in.error(path, "must be a string");
            return null;
        }
        String text = value.textValue();
        if (text.isBlank()) {
            in.error(path, "must not be empty");
        } else if (text.codePointCount(0, text.length()) > maxChars) {
            in.error(path, "must be at most " + maxChars + " characters");
        } else if (text.indexOf('\u0000') >= 0) {
            in.error(path, "must not contain the NUL character (U+0000)");
        } else {
            return text;
        }
        return null;
    }
}
