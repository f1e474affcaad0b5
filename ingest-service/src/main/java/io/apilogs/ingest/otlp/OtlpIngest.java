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
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/otlp/v1/traces}: an OTLP/HTTP trace export (protobuf or JSON) whose GenAI spans become events, then
 * the same path as {@code POST /v1/events}: validation, redaction, publishing with acks=all.
 */
@ApplicationScoped
public class OtlpIngest {
    public static final String PROTOBUF = "application/x-protobuf";

    /** The export on its way: the events' submission, and what to answer once it is acknowledged. */
    public record Export(IngestService.Submission submission, boolean protobuf, int ignored) {
        /** The OTLP answer: partial success when spans were rejected (or left out, as a warning). */
        public byte[] response() {
            BatchResult result = submission.result();
            List<String> messages = new ArrayList<>();
            for (BatchResult.Rejection rejection : result.errors()) {
                rejection.errors().forEach(error -> messages.add(rejection.eventId() + ": " + error.field() + " " + error.message()));
            }
            if (ignored > 0) {
                messages.add(ignored + " spans are not GenAI spans (chat, text_completion, generate_content, execute_tool, "
                        + "or HTTP client spans under a tool) and were left out");
            }
            String message = String.join("; ", messages);
            if (message.length() > 2000) {
                message = message.substring(0, 2000) + "...";
            }
            if (protobuf) {
                ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
                if (!message.isEmpty()) {
                    response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(result.rejected()).setErrorMessage(message));
                }
                return response.build().toByteArray();
            }
            ObjectNode json = Json.CANONICAL.createObjectNode();
            if (!message.isEmpty()) {
                ObjectNode partial = json.putObject("partialSuccess");
                partial.put("rejectedSpans", result.rejected());
                partial.put("errorMessage", message);
            }
            return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        public String contentType() {
            return protobuf ? PROTOBUF : "application/json";
        }
    }

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
        return new Export(service.publish(events, workspaceId, keyId), protobuf, mapped.ignored());
    }
}
