package io.apilogs.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.apilogs.ingest.limits.TreeCharge;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an OTLP/HTTP trace or logs export in protobuf ({@code application/x-protobuf}); {@link OtlpJson} reads the JSON encoding. */
final class OtlpDecoder {
    /** The body is not a trace export; the message says why. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private OtlpDecoder() {
    }

    /** The spans of a protobuf export, counted on the wire first ({@link OtlpWire}) and charged before they are built. */
    static List<OtlpSpan> protobuf(byte[] body, int maxSpans, TreeCharge charge) throws Malformed {
        charge.values(OtlpWire.count(body, maxSpans).values());
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

    /** The log records of a protobuf logs export, counted and charged like spans. */
    static List<OtlpLog> logs(byte[] body, int maxRecords, TreeCharge charge) throws Malformed {
        charge.values(OtlpWire.count(body, maxRecords, Signal.LOGS).values());
        ExportLogsServiceRequest request;
        try {
            request = ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new Malformed("the body is not an OTLP ExportLogsServiceRequest: " + e.getMessage());
        }
        List<OtlpLog> records = new ArrayList<>();
        for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
            Map<String, Object> resource = attributes(resourceLogs.getResource());
            for (ScopeLogs scope : resourceLogs.getScopeLogsList()) {
                for (LogRecord record : scope.getLogRecordsList()) {
                    Map<String, Object> attributes = attributes(record.getAttributesList());
                    String eventName = record.getEventName();
                    if (eventName.isEmpty() && attributes.get("event.name") instanceof String name) {
                        eventName = name;
                    }
                    long time = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
                    records.add(new OtlpLog(hex(record.getTraceId()), hex(record.getSpanId()), time, eventName.isEmpty() ? null : eventName,
                            attributes, record.hasBody() ? value(record.getBody()) : null, resource));
                }
            }
        }
        return records;
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
}
