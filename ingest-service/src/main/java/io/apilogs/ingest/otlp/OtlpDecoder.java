package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OTLP/HTTP trace export, in protobuf ({@code application/x-protobuf}) or in the OTLP JSON encoding
 * ({@code application/json}: lowerCamelCase keys, hex trace and span ids, enums as integers, 64-bit integers as
 * strings or numbers).
 */
final class OtlpDecoder {
    /** The body is not a trace export; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private OtlpDecoder() {
    }

    static List<OtlpSpan> protobuf(byte[] body) throws Malformed {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("the body is not an OTLP ExportTraceServiceRequest: " + e.getMessage());
        }
        List<OtlpSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, Object> resource = attributes(resourceSpans.getResource());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    List<OtlpSpan.SpanEvent> events = new ArrayList<>();
                    for (Span.Event event : span.getEventsList()) {
                        events.add(new OtlpSpan.SpanEvent(event.getName(), event.getTimeUnixNano(), attributes(event.getAttributesList())));
                    }
                    spans.add(new OtlpSpan(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()), span.getName(),
                            span.getKindValue(), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            attributes(span.getAttributesList()), events, span.getStatus().getCodeValue(), span.getStatus().getMessage(),
                            resource));
                }
            }
        }
        return spans;
    }

    private static String hex(ByteString bytes) {
        return bytes.isEmpty() ? null : HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static Map<String, Object> attributes(Resource resource) {
        return attributes(resource.getAttributesList());
    }

    private static Map<String, Object> attributes(List<KeyValue> list) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            map.put(kv.getKey(), value(kv.getValue()));
        }
        return map;
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> {
                List<Object> items = new ArrayList<>();
                value.getArrayValue().getValuesList().forEach(v -> items.add(value(v)));
                yield items;
            }
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            case BYTES_VALUE -> HexFormat.of().formatHex(value.getBytesValue().toByteArray());
            default -> null;
        };
    }

    static List<OtlpSpan> json(byte[] body, ObjectMapper mapper) throws Malformed {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new Malformed("the body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("the body must be an OTLP ExportTraceServiceRequest object");
        }
        List<OtlpSpan> spans = new ArrayList<>();
        for (JsonNode resourceSpans : root.path("resourceSpans")) {
            Map<String, Object> resource = attributes(resourceSpans.path("resource").path("attributes"));
            for (JsonNode scope : resourceSpans.path("scopeSpans")) {
                for (JsonNode span : scope.path("spans")) {
                    List<OtlpSpan.SpanEvent> events = new ArrayList<>();
                    for (JsonNode event : span.path("events")) {
                        events.add(new OtlpSpan.SpanEvent(event.path("name").asText(), nanos(event.path("timeUnixNano")),
                                attributes(event.path("attributes"))));
                    }
                    String parent = span.path("parentSpanId").asText("");
                    spans.add(new OtlpSpan(lowerHex(span.path("traceId").asText(null)), lowerHex(span.path("spanId").asText(null)),
                            parent.isEmpty() ? null : lowerHex(parent), span.path("name").asText(""), span.path("kind").asInt(0),
                            nanos(span.path("startTimeUnixNano")), nanos(span.path("endTimeUnixNano")), attributes(span.path("attributes")),
                            events, span.path("status").path("code").asInt(0), span.path("status").path("message").asText(null),
                            resource));
                }
            }
        }
        return spans;
    }

    private static String lowerHex(String value) {
        return value == null || value.isEmpty() ? null : value.toLowerCase(java.util.Locale.ROOT);
    }

    /** A 64-bit integer of OTLP JSON: a decimal string or a number. */
    private static long nanos(JsonNode node) {
        if (node.isNumber()) {
            return node.asLong();
        }
        try {
            return node.isTextual() ? Long.parseLong(node.asText()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, Object> attributes(JsonNode list) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonNode kv : list) {
            map.put(kv.path("key").asText(), value(kv.path("value")));
        }
        return map;
    }

    private static Object value(JsonNode value) {
        if (value.has("stringValue")) {
            return value.get("stringValue").asText();
        }
        if (value.has("boolValue")) {
            return value.get("boolValue").asBoolean();
        }
        if (value.has("intValue")) {
            JsonNode v = value.get("intValue");
            try {
                return v.isNumber() ? v.asLong() : Long.parseLong(v.asText("0"));
            } catch (NumberFormatException e) {
                return v.asText();
            }
        }
        if (value.has("doubleValue")) {
            return value.get("doubleValue").asDouble();
        }
        if (value.has("arrayValue")) {
            List<Object> items = new ArrayList<>();
            value.path("arrayValue").path("values").forEach(v -> items.add(value(v)));
            return items;
        }
        if (value.has("kvlistValue")) {
            return attributes(value.path("kvlistValue").path("values"));
        }
        if (value.has("bytesValue")) {
            return value.get("bytesValue").asText();
        }
        return null;
    }
}
