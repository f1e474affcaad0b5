package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.event.ErrorInfo;

/** OpenAI's error object, shared by both of its formats: {@code {"message","type","param","code"}}. */
final class OpenAiErrors {
    private OpenAiErrors() {
    }

    /**
     * The error in {@code response.error}, null when there is none. The type falls back to {@code code} because
     * some errors (and every failed Responses object) only carry a code. The body holds no HTTP status, and
     * OpenAI's types do not map to one status each, so httpStatus stays null.
     */
    static ErrorInfo from(JsonNode response, RawReader in) {
        JsonNode error = in.object(response, "error", FormatNormalizer.RESPONSE);
        if (error == null) {
            return null;
        }
        String path = FormatNormalizer.RESPONSE + ".error";
        String type = in.string(error, "type", path);
        String code = code(error, path, in);
        return new ErrorInfo(type != null ? type : code, in.string(error, "message", path), null);
    }

    private static String code(JsonNode error, String path, RawReader in) {
        JsonNode code = error.get("code");
        // Some OpenAI-compatible servers send a numeric code; it is still the code.
        if (code != null && code.isIntegralNumber()) {
            return code.asText();
        }
        return in.string(error, "code", path);
    }
}
