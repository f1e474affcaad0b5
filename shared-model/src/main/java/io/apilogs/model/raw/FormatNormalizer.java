package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Derives the llm_call fields from one provider format. Implementations are stateless. */
interface FormatNormalizer {
    String REQUEST = "raw.request";
    String RESPONSE = "raw.response";

    /**
     * @param request   the request object, null when the capture has none
     * @param response  the response object, null when the capture has none
     * @param rateLimit already extracted from the response headers, passed through into the result
     */
    Derived normalize(JsonNode request, JsonNode response, Map<String, String> rateLimit, RawReader in);

    /** API.md: the response says which model actually answered (an alias resolves to a snapshot), so it wins. */
    static String model(JsonNode request, JsonNode response, RawReader in) {
        String fromResponse = in.string(response, "model", RESPONSE);
        String fromRequest = in.string(request, "model", REQUEST);
        return fromResponse != null ? fromResponse : fromRequest;
    }
}
