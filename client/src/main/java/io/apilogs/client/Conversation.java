package io.apilogs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/**
 * A conversation of one assistant, and the tool runs inside it: what the assistant's code and its tools log through
 * it lands in the right conversation, and a tool's HTTP calls carry the tool call that asked for them. Open it on the
 * thread that handles the conversation ({@link #open()}) and code further down finds it with {@link #current()}.
 */
public final class Conversation {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ThreadLocal<Conversation> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Tool> CURRENT_TOOL = new ThreadLocal<>();

    private final ApiLogsClient client;
    private final String id;
    private final String assistantId;
    private final EventLabels labels = new EventLabels();

    Conversation(ApiLogsClient client, String id, String assistantId) {
        this.client = client;
        this.id = id;
        this.assistantId = assistantId;
    }

    public String id() {
        return id;
    }

    public String assistantId() {
        return assistantId;
    }

    /** The end user this conversation serves: on every event logged through it from now on, unless the event names one. */
    public Conversation user(String userId, String name) {
        labels.user(userId, name);
        return this;
    }

    /** Tags for every event logged through this conversation from now on (added to an event's own). */
    public Conversation tags(String... names) {
        labels.tags(names);
        return this;
    }

    /** A metadata value (string, number or boolean) for every event logged through it from now on; an event's own key wins. */
    public Conversation metadata(String key, Object value) {
        labels.metadata(key, value);
        return this;
    }

    /** Puts this conversation's user, tags and metadata on an event logged another way (an {@link RawCall}, say). */
    public ObjectNode label(ObjectNode event) {
        labels.applyTo(event);
        return event;
    }

    /** Makes this the current conversation of this thread until the returned scope closes. */
    public AutoCloseable open() {
        Conversation previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** This thread's open conversation, or null. */
    public static Conversation current() {
        return CURRENT.get();
    }

    /** This thread's running tool (of {@link Tool#open()}), or null. */
    public static Tool currentTool() {
        return CURRENT_TOOL.get();
    }

    /** An LLM call of this conversation, to fill in and {@link #log(LlmCall)}. */
    public LlmCall call(String model) {
        return LlmCall.of(id, assistantId, model);
    }

    public void log(LlmCall call) {
        client.log(label(call.event()));
    }

    /** A tool run that the call with {@code callId} asked for through its tool call {@code toolCallId}. */
    public Tool tool(String toolCallId, String toolName, String callId) {
        return new Tool(toolCallId, toolName, callId);
    }

    private ObjectNode event(String type, Instant startedAt, long durationMs) {
        ObjectNode event = JSON.objectNode();
        event.put("type", type);
        event.putObject("conversation").put("id", id);
        event.putObject("assistant").put("id", assistantId);
        event.put("startedAt", startedAt.toString());
        event.put("durationMs", durationMs);
        return event;
    }

    /** One tool run: logs its HTTP calls as they happen and itself when it is done. */
    public final class Tool {
        private final String toolCallId;
        private final String toolName;
        private final String callId;
        private final Instant startedAt = Instant.now();

        private Tool(String toolCallId, String toolName, String callId) {
            this.toolCallId = toolCallId;
            this.toolName = toolName;
            this.callId = callId;
        }

        /** Makes this the running tool of this thread (and its conversation the current one) until the scope closes. */
        public AutoCloseable open() {
            Conversation previousConversation = CURRENT.get();
            Tool previousTool = CURRENT_TOOL.get();
            CURRENT.set(Conversation.this);
            CURRENT_TOOL.set(this);
            return () -> {
                CURRENT.set(previousConversation);
                CURRENT_TOOL.set(previousTool);
            };
        }

        /** An HTTP request this tool made. The server redacts credentials and truncates bodies before storing. */
        public void http(String method, String url, int statusCode, Map<String, String> requestHeaders, Map<String, String> responseHeaders,
                         JsonNode requestBody, JsonNode responseBody, Instant at, long durationMs) {
            ObjectNode event = event("http_request", at, durationMs);
            event.put("plugin", toolName);
            event.put("toolCallId", toolCallId);
            event.put("method", method);
            event.put("url", url);
            event.put("statusCode", statusCode);
            if (requestHeaders != null) {
                ObjectNode headers = event.putObject("requestHeaders");
                requestHeaders.forEach(headers::put);
            }
            if (responseHeaders != null) {
                ObjectNode headers = event.putObject("responseHeaders");
                responseHeaders.forEach(headers::put);
            }
            if (requestBody != null) {
                event.set("requestBody", requestBody);
            }
            if (responseBody != null) {
                event.set("responseBody", responseBody);
            }
            client.log(label(event));
        }

        /** The tool finished: logs the tool execution with its input and result. */
        public void done(JsonNode input, JsonNode result) {
            ObjectNode event = event("tool_execution", startedAt, Math.max(0, java.time.Duration.between(startedAt, Instant.now()).toMillis()));
            event.put("toolCallId", toolCallId);
            if (callId != null) {
                event.put("callId", callId);
            }
            event.put("toolName", toolName);
            event.set("input", input);
            event.set("result", result);
            client.log(label(event));
        }
    }
}
