package io.apilogs.ingest.otlp;

import java.util.List;
import java.util.Map;

/**
 * One span of an OTLP export, decoded from protobuf or JSON into one form. Ids are lowercase hex; attribute values
 * are String, Long, Double, Boolean or List of those; {@code resource} holds the resource's attributes.
 */
record OtlpSpan(String traceId, String spanId, String parentSpanId, String name, int kind, long startNanos, long endNanos,
                Map<String, Object> attributes, List<SpanEvent> events, int statusCode, String statusMessage,
                Map<String, Object> resource) {
    /** {@code SPAN_KIND_CLIENT} in OTLP. */
    static final int KIND_CLIENT = 3;
    /** {@code STATUS_CODE_ERROR} in OTLP. */
    static final int STATUS_ERROR = 2;

    record SpanEvent(String name, long timeNanos, Map<String, Object> attributes) {
    }

    String string(String key) {
        return string(attributes, key);
    }

    Long number(String key) {
        return number(attributes, key);
    }

    /** A value as text; of a list, its first element; null when absent. */
    static String string(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        return value == null ? null : value instanceof List<?> list ? (list.isEmpty() ? null : String.valueOf(list.get(0)))
                : String.valueOf(value);
    }

    /** A value as a whole number (an integer, a double's whole part, or a decimal string); null otherwise. */
    static Long number(Map<String, Object> attributes, String key) {
        Object value = attributes.get(key);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
