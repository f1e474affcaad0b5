package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Ids;
import io.apilogs.model.validation.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Typed reads from an untrusted provider payload. Every wrong type becomes a {@link FieldError} with the full
 * {@code raw.}-rooted path, so one pass reports all problems; absent or JSON-null values are simply "not there",
 * because captures routinely omit optional parts.
 */
final class RawReader {
    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return List.copyOf(errors);
    }

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    static String path(String parent, String field) {
        return parent + "." + field;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** An object, null when absent or {@code parent} is null; anything else is an error. */
    JsonNode object(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            error(path(parentPath, field), "must be an object");
            return null;
        }
        return node;
    }

    JsonNode array(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            error(path(parentPath, field), "must be an array");
            return null;
        }
        return node;
    }

    /** Element {@code i} of an array when it is an object; null (with an error) otherwise. */
    JsonNode element(JsonNode array, int i, String arrayPath) {
        JsonNode node = array.get(i);
        if (!node.isObject()) {
            error(index(arrayPath, i), "must be an object");
            return null;
        }
        return node;
    }

    String string(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            error(path(parentPath, field), "must be a string");
            return null;
        }
        return node.textValue();
    }

    /** A string that must be present: the parts it sits in mean nothing without it. */
    String requiredString(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            error(path(parentPath, field), "is required");
            return null;
        }
        return string(parent, field, parentPath);
    }

    /** A tool call id: later events link to it, so it must be present and follow the one id rule of API.md. */
    String toolCallId(JsonNode parent, String field, String parentPath) {
        String id = requiredString(parent, field, parentPath);
        if (id != null && !Ids.isValid(id)) {
            error(path(parentPath, field), Ids.RULE);
            return null;
        }
        return id;
    }

    /** A token count. */
    Long count(JsonNode parent, String field, String parentPath) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            error(path(parentPath, field), "must be an integer >= 0");
            return null;
        }
        return node.longValue();
    }

    /**
     * The text of a content value that is either a string or an array of typed parts (the shape shared by system
     * prompts, messages and outputs of both providers). Parts whose {@code type} is in {@code textTypes} contribute
     * their {@code text}; other parts (images, files, ...) carry no text and are skipped. Null when there is no text.
     */
    String textOf(JsonNode content, String path, Set<String> textTypes) {
        if (absent(content)) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            error(path, "must be a string or an array of parts");
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = element(content, i, path);
            String partPath = index(path, i);
            if (part != null && isOneOf(string(part, "type", partPath), textTypes)) {
                addIfPresent(texts, requiredString(part, "text", partPath));
            }
        }
        return Texts.join(texts);
    }

    /** Null-safe membership: {@code Set.of(...)} throws on {@code contains(null)}, and absent fields are null. */
    static boolean isOneOf(String value, Set<String> values) {
        return value != null && values.contains(value);
    }

    static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }

    /**
     * The total of counts that are each >= 0, or null with the error "{@code what} must add up to at most
     * Long.MAX_VALUE" at {@code path} when it does not fit: a wrapped-around total would otherwise pass as a count.
     */
    Long sum(String path, String what, long... counts) {
        long total = 0;
        try {
            for (long count : counts) {
                total = Math.addExact(total, count);
            }
        } catch (ArithmeticException e) {
            error(path, what + " must add up to at most " + Long.MAX_VALUE);
            return null;
        }
        return total;
    }

    /**
     * A provider count that is documented as part of another one (cached within prompt, reasoning within
     * completion). A payload breaking that cannot be converted without inventing numbers, so it is rejected.
     */
    void checkPartOf(Long part, String partPath, Long whole, String wholeName) {
        if (part != null && whole != null && part > whole) {
            error(partPath, "must be <= " + wholeName);
        }
    }
}
