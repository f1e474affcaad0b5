package io.apilogs.ingest.otlp;

import java.util.Map;

/**
 * One log record of an OTLP logs export, decoded from protobuf or JSON into one form. Ids are lowercase hex or null;
 * {@code body} and attribute values are String, Long, Double, Boolean, List or Map (a kvlist); {@code eventName} is
 * the record's {@code event_name}, or its {@code event.name} attribute (older SDKs).
 */
record OtlpLog(String traceId, String spanId, long timeNanos, String eventName, Map<String, Object> attributes, Object body,
               Map<String, Object> resource) {
}
