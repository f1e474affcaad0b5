package io.apilogs.model.raw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apilogs.model.Json;

import java.util.List;

/** Joining and parsing rules shared by all formats (API.md, {@code raw}). */
final class Texts {
    /** API.md: several system blocks, system/developer messages, text or thinking blocks are joined with this. */
    static final String SEPARATOR = "\n\n";

    /*
     * Tool arguments are model output inside an already size-checked body, but their nesting was not checked
     * by the outer parse, so they get the same bounded parser as request bodies.
     */
    private static final ObjectMapper ARGUMENTS = Json.untrusted(64, Integer.MAX_VALUE);

    private Texts() {
    }

    /** Null when there is nothing to join, so "no text" and "empty text" stay distinguishable. */
    static String join(List<String> parts) {
        return parts.isEmpty() ? null : String.join(SEPARATOR, parts);
    }

    /**
     * OpenAI sends tool arguments as a JSON string. API.md stores them as JSON, but keeps arguments that are not
     * valid JSON (models do produce truncated or malformed ones) as a string rather than losing or rejecting them.
     */
    static JsonNode arguments(String arguments) {
        if (arguments == null) {
            return null;
        }
        try {
            JsonNode parsed = ARGUMENTS.readTree(arguments);
            // An empty or blank string parses to "no content", which is not JSON either.
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(arguments) : parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(arguments);
        }
    }
}
