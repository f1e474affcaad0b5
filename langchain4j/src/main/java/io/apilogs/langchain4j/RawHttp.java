package io.apilogs.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.ratelimit.RateLimits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider's HTTP response behind a LangChain4j response ({@code rawHttpResponse()} of the OpenAI and Anthropic
 * response metadata): its headers, and its body when it is a whole JSON response of a format API.md's {@code raw} knows.
 */
record RawHttp(String format, JsonNode body, Map<String, String> headers) {

    static RawHttp of(Object metadata) {
        Object response = Accessors.get(metadata, "rawHttpResponse");
        if (response == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (Accessors.get(response, "headers") instanceof Map<?, ?> all) {
            all.forEach((name, values) -> {
                if (name != null && values instanceof List<?> list) {
                    headers.put(name.toString(), String.join(", ", list.stream().map(String::valueOf).toList()));
                }
            });
        }
        JsonNode body = null;
        String format = null;
        if (Accessors.get(response, "body") instanceof String text && text.startsWith("{")) {
            try {
                body = ChatCalls.JSON.readTree(text);
                format = format(body);
            } catch (Exception notJson) {
                body = null;
            }
        }
        return new RawHttp(format, body, headers);
    }

    /** The rate-limit headers, by the server's own rule. */
    Map<String, String> rateLimit() {
        Map<String, String> limits = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (RateLimits.isRateLimitHeader(name)) {
                limits.put(name, value);
            }
        });
        return limits;
    }

    private static String format(JsonNode body) {
        String object = body.path("object").asText("");
        if (object.equals("chat.completion")) {
            return "openai.chat";
        }
        if (object.equals("response")) {
            return "openai.responses";
        }
        return body.path("type").asText("").equals("message") ? "anthropic.messages" : null;
    }
}
