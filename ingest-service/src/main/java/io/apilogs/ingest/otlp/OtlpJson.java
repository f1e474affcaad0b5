package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.apilogs.ingest.limits.ChargedNodes;
import io.apilogs.ingest.limits.TreeCharge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads an OTLP/HTTP trace (or logs) export in the OTLP JSON encoding ({@code application/json}: lowerCamelCase keys, hex trace
 * and span ids, enums as integers, 64-bit integers as strings or numbers) as a stream, one span's tree at a time:
 * spans are counted as they come (an export past the limit is refused at the first span over it, before more is
 * built), and the request is charged for every token its trees hold ({@link ChargedNodes}).
 */
final class OtlpJson {
    private OtlpJson() {
    }

    static List<OtlpSpan> read(byte[] body, ObjectMapper mapper, int maxSpans, TreeCharge charge) throws OtlpDecoder.Malformed {
        return read(body, mapper, maxSpans, charge, Signal.TRACES, OtlpJson::span);
    }

    /** The log records of a logs export, read like spans. */
    static List<OtlpLog> readLogs(byte[] body, ObjectMapper mapper, int maxRecords, TreeCharge charge) throws OtlpDecoder.Malformed {
        return read(body, mapper, maxRecords, charge, Signal.LOGS, OtlpJson::log);
    }

    private static <T> List<T> read(byte[] body, ObjectMapper mapper, int maxSpans, TreeCharge charge, Signal signal,
                                    BiFunction<JsonNode, Map<String, Object>, T> item) throws OtlpDecoder.Malformed {
        try (JsonParser parser = mapper.createParser(body)) {
            ChargedNodes nodes = new ChargedNodes(parser, charge);
            ObjectReader trees = mapper.reader().with(nodes).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new OtlpDecoder.Malformed("the body must be an OTLP " + signal.request + " object");
            }
            List<T> spans = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY && name.equals(signal.resources)) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        if (parser.currentToken() == JsonToken.START_OBJECT) {
                            resourceSpans(parser, trees, spans, maxSpans, signal, item);
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new OtlpDecoder.Malformed("the body is not valid JSON: there is more after its object");
            }
            nodes.settle();
            return spans;
        } catch (StreamConstraintsException e) {
            throw new OtlpDecoder.Malformed("the body exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new OtlpDecoder.Malformed("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new OtlpDecoder.Malformed("the body could not be read");
        }
    }

    /** One {@code resourceSpans} object; its resource may come after its spans, so they share the map it fills. */
    private static <T> void resourceSpans(JsonParser parser, ObjectReader trees, List<T> spans, int maxSpans, Signal signal,
                                          BiFunction<JsonNode, Map<String, Object>, T> item) throws IOException, OtlpDecoder.Malformed {
        Map<String, Object> resource = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("resource") && value == JsonToken.START_OBJECT) {
                JsonNode tree = trees.readTree(parser);
                resource.putAll(attributes(tree.path("attributes")));
            } else if (name.equals(signal.scopes) && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (parser.currentToken() == JsonToken.START_OBJECT) {
                        scopeSpans(parser, trees, spans, maxSpans, resource, signal, item);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static <T> void scopeSpans(JsonParser parser, ObjectReader trees, List<T> spans, int maxSpans, Map<String, Object> resource,
                                       Signal signal, BiFunction<JsonNode, Map<String, Object>, T> item)
            throws IOException, OtlpDecoder.Malformed {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && name.equals(signal.records)) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (spans.size() == maxSpans) {
                        throw new OtlpDecoder.Malformed(signal.tooMany(maxSpans));
                    }
                    JsonNode tree = trees.readTree(parser);
                    spans.add(item.apply(tree, resource));
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static OtlpSpan span(JsonNode span, Map<String, Object> resource) {
        List<OtlpSpan.SpanEvent> events = new ArrayList<>();
        for (JsonNode event : span.path("events")) {
            events.add(new OtlpSpan.SpanEvent(event.path("name").asText(), nanos(event.path("timeUnixNano")),
                    attributes(event.path("attributes"))));
        }
        String parent = span.path("parentSpanId").asText("");
        return new OtlpSpan(lowerHex(span.path("traceId").asText(null)), lowerHex(span.path("spanId").asText(null)),
                parent.isEmpty() ? null : lowerHex(parent), span.path("name").asText(""), span.path("kind").asInt(0),
                nanos(span.path("startTimeUnixNano")), nanos(span.path("endTimeUnixNano")), attributes(span.path("attributes")),
                events, span.path("status").path("code").asInt(0), span.path("status").path("message").asText(null), resource);
    }

    private static OtlpLog log(JsonNode record, Map<String, Object> resource) {
        Map<String, Object> attributes = attributes(record.path("attributes"));
        String eventName = record.path("eventName").asText("");
        if (eventName.isEmpty() && attributes.get("event.name") instanceof String name) {
            eventName = name;
        }
        long time = nanos(record.path("timeUnixNano"));
        return new OtlpLog(lowerHex(record.path("traceId").asText(null)), lowerHex(record.path("spanId").asText(null)),
                time != 0 ? time : nanos(record.path("observedTimeUnixNano")), eventName.isEmpty() ? null : eventName, attributes,
                record.has("body") ? value(record.get("body")) : null, resource);
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
