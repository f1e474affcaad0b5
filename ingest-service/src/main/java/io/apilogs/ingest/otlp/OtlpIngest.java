package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.ingest.service.BatchRejected;
import io.apilogs.ingest.service.BatchResult;
import io.apilogs.ingest.service.IngestService;
import io.apilogs.model.Json;
import io.apilogs.model.api.Problem;
import io.apilogs.model.event.CallContentEvent;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/otlp/v1/traces} and {@code /v1/otlp/v1/logs}: OTLP/HTTP exports (protobuf or JSON) whose GenAI
 * spans and content log records become events, then the same path as {@code POST /v1/events}: validation, redaction,
 * publishing with acks=all.
 */
@ApplicationScoped
public class OtlpIngest {
    public static final String PROTOBUF = "application/x-protobuf";

    /** The export on its way: the events' submission, and what to answer once it is acknowledged. */
    public record Export(IngestService.Submission submission, boolean protobuf, int ignored, Signal signal) {
        /** The OTLP answer: partial success when spans (or records) were rejected, or left out as a warning. */
        public byte[] response() {
            BatchResult result = submission.result();
            List<String> messages = new ArrayList<>();
            for (BatchResult.Rejection rejection : result.errors()) {
                rejection.errors().forEach(error -> messages.add(rejection.eventId() + ": " + error.field() + " " + error.message()));
            }
            if (ignored > 0) {
                messages.add(signal == Signal.TRACES
                        ? ignored + " spans are not GenAI spans (LLM calls or tool runs of the GenAI, OpenInference, OpenLLMetry or "
                          + "Vercel AI SDK conventions, or HTTP client spans under a tool) and were left out"
                        : ignored + " log records are not GenAI content events (gen_ai.*.message, gen_ai.choice, "
                          + "gen_ai.client.inference.operation.details) of a span and were left out");
            }
            String message = String.join("; ", messages);
            if (message.length() > 2000) {
                message = message.substring(0, 2000) + "...";
            }
            if (protobuf) {
                return signal == Signal.TRACES ? traces(message, result.rejected()) : logs(message, result.rejected());
            }
            ObjectNode json = Json.CANONICAL.createObjectNode();
            if (!message.isEmpty()) {
                ObjectNode partial = json.putObject("partialSuccess");
                partial.put(signal == Signal.TRACES ? "rejectedSpans" : "rejectedLogRecords", result.rejected());
                partial.put("errorMessage", message);
            }
            return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private static byte[] traces(String message, int rejected) {
            ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
            if (!message.isEmpty()) {
                response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message));
            }
            return response.build().toByteArray();
        }

        private static byte[] logs(String message, int rejected) {
            ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
            if (!message.isEmpty()) {
                response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(message));
            }
            return response.build().toByteArray();
        }

        public String contentType() {
            return protobuf ? PROTOBUF : "application/json";
        }
    }

    /** {@code otel-<traceId>-<spanId>-link}: a link to the trace's stand-in conversation ({@link SpanContext#links}). */
    private static final Pattern LINK = Pattern.compile("otel-([0-9a-f]{1,64})-[0-9a-f]{1,32}-link");
    /** {@code otel-<traceId>-<spanId>-log-<digest>}: content of the call {@code otel-<traceId>-<spanId>} ({@link GenAiLogs}). */
    private static final Pattern CONTENT = Pattern.compile("(otel-[0-9a-f]{1,64}-[0-9a-f]{1,32})-log-[0-9a-f]{16}");

    private final IngestService service;
    private final IngestConfig config;
    private final ObjectMapper mapper;

    public OtlpIngest(IngestService service, IngestConfig config) {
        this.service = service;
        this.config = config;
        this.mapper = Json.untrusted(config.maxJsonDepth(), config.maxBodyBytes(), config.maxJsonTokens());
    }

    public static boolean accepts(String contentType) {
        String type = mediaType(contentType);
        return type.equals(PROTOBUF) || type.equals("application/json");
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Decodes (counting spans as it goes, and charging {@code charge} for what it builds), maps and publishes; throws
     * {@link BatchRejected} when the body is no trace export or holds too many spans.
     */
    public Export submit(byte[] body, String contentType, String workspaceId, String keyId, TreeCharge charge) {
        boolean protobuf = mediaType(contentType).equals(PROTOBUF);
        List<OtlpSpan> spans;
        try {
            spans = protobuf ? OtlpDecoder.protobuf(body, config.maxEventsPerBatch(), charge)
                    : OtlpJson.read(body, mapper, config.maxEventsPerBatch(), charge);
        } catch (OtlpDecoder.Malformed e) {
            throw new BatchRejected(Problem.of(400, "Bad Request", e.getMessage()));
        }
        GenAiSpans.Mapped mapped = GenAiSpans.map(spans);
        List<JsonNode> events = new ArrayList<>(mapped.events());
        return new Export(service.publish(events, workspaceId, keyId, OtlpIngest::linkStandIn), protobuf, mapped.ignored(), Signal.TRACES);
    }

    /** The same for a logs export: its GenAI content events, joined to their calls by the writer. */
    public Export submitLogs(byte[] body, String contentType, String workspaceId, String keyId, TreeCharge charge) {
        boolean protobuf = mediaType(contentType).equals(PROTOBUF);
        List<OtlpLog> records;
        try {
            records = protobuf ? OtlpDecoder.logs(body, config.maxEventsPerBatch(), charge)
                    : OtlpJson.readLogs(body, mapper, config.maxEventsPerBatch(), charge);
        } catch (OtlpDecoder.Malformed e) {
            throw new BatchRejected(Problem.of(400, "Bad Request", e.getMessage()));
        }
        GenAiLogs.Mapped mapped = GenAiLogs.map(records);
        List<JsonNode> events = new ArrayList<>(mapped.events());
        return new Export(service.publish(events, workspaceId, keyId, OtlpIngest::asContent), protobuf, mapped.ignored(), Signal.LOGS);
    }

    /** A span's conversation event that names its trace's conversation absorbs the trace's stand-in. */
    static Event linkStandIn(Event event) {
        Matcher link = event instanceof ConversationEvent ? LINK.matcher(event.eventId()) : null;
        return link != null && link.matches() ? ((ConversationEvent) event).absorbing("trace-" + link.group(1)) : event;
    }

    /** A log record's content, validated and redacted as a call's, becomes content of that call. */
    static Event asContent(Event event) {
        Matcher content = CONTENT.matcher(event.eventId());
        if (!(event instanceof LlmCallEvent call) || !content.matches()) {
            throw new IllegalStateException("the logs mapping makes only content events, not " + event.eventId());
        }
        return new CallContentEvent(call.workspaceId(), call.eventId(), call.conversation(), call.assistant(), call.startedAt(), null,
                content.group(1), call.systemPrompt(), call.messages(), call.response());
    }
}
