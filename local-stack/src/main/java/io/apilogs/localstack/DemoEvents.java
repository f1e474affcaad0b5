package io.apilogs.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The demo's events as an assistant would send them: agent loops of tool-using calls, thinking, cached prompts, rate-limit
 * headers, the tools' runs and their HTTP requests. {@link DemoFeeder} posts them live; {@link DemoHistory} shapes 30 days
 * of them ({@link Shape}) before that.
 */
class DemoEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What the history changes about a call; the live feed keeps the defaults. */
    interface Shape {
        /** The model the assistant uses at {@code at}. */
        default String model(Assistant assistant, Instant at) {
            return assistant.model();
        }

        default long durationMs(String model, Instant at, RandomGenerator random) {
            return random.nextLong(400, 9000);
        }

        /** Whether the call fails (an overload or a rate limit). */
        default boolean fails(String model, Instant at, RandomGenerator random) {
            return random.nextInt(40) == 0;
        }

        /** The share of requests left that the provider reports, 0-1. */
        default double requestsLeft(String model, Instant at, RandomGenerator random) {
            return random.nextDouble(0.75, 1.0);
        }
    }

    static final Shape LIVE = new Shape() {
    };

    record Assistant(String id, String name, String provider, String model, String systemPrompt, List<String> tools) {
    }

    private static final List<Assistant> ASSISTANTS = List.of(
            new Assistant("blog-writer", "Blog Writer", "anthropic", "claude-sonnet-4-5",
                    "You are Blog Writer, an assistant that drafts and publishes WordPress posts. Keep a friendly tone, cite sources, and ask before publishing.",
                    List.of("wordpress_create_post", "unsplash_search", "web_search")),
            new Assistant("support-bot", "Support Bot", "openai", "gpt-4.1",
                    "You are the customer support assistant. Answer from the knowledge base; escalate billing disputes to a human.",
                    List.of("kb_search", "create_ticket")),
            new Assistant("researcher", "Researcher", "anthropic", "claude-opus-4-1",
                    "You are a meticulous research assistant. Think step by step, verify every claim with at least two sources.",
                    List.of("web_search", "fetch_url")),
            new Assistant("sql-helper", "SQL Helper", "openai", "gpt-4.1-mini",
                    "You translate questions into read-only SQL for the analytics warehouse.",
                    List.of("run_query")),
            new Assistant("triage", "Inbox Triage", "anthropic", "claude-haiku-4-5",
                    "You label incoming emails as urgent, normal or spam and draft short replies.",
                    List.of("label_email")));

    private static final List<String> SUBJECTS = List.of(
            "Draft a post about tide pools", "Refund for order #4411", "Compare vector databases",
            "Weekly revenue by region", "Sort this morning's inbox", "Summarize the Q3 board deck",
            "Why is my invoice higher?", "Find photos for the hiking guide", "Churn by plan last quarter",
            "Research heat pump efficiency");

    static final class Conversation {
        final String id = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        final Assistant assistant;
        final String subject;
        final int length;
        final ArrayNode messages = JSON.createArrayNode();
        final java.util.ArrayDeque<ObjectNode> pending = new java.util.ArrayDeque<>();
        int step;
        Instant clock = Instant.now();

        Conversation(Assistant assistant, String subject, int length) {
            this.assistant = assistant;
            this.subject = subject;
            this.length = length;
        }
    }

    private final RandomGenerator random;
    private final Shape shape;

    DemoEvents(RandomGenerator random, Shape shape) {
        this.random = random;
        this.shape = shape;
    }

    /** A new conversation of a random assistant, starting at {@code at}, of {@code length} calls. */
    Conversation open(Instant at, int length) {
        return open(ASSISTANTS.get(random.nextInt(ASSISTANTS.size())), at, length);
    }

    Conversation open(Assistant assistant, Instant at, int length) {
        Conversation conversation = new Conversation(assistant, SUBJECTS.get(random.nextInt(SUBJECTS.size())), length);
        conversation.clock = at;
        ObjectNode first = conversation.messages.addObject();
        first.put("role", "user");
        first.put("content", conversation.subject);
        return conversation;
    }

    private static ObjectNode base(Conversation c, String eventId, String type, Instant at, long durationMs) {
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", eventId);
        event.put("type", type);
        event.putObject("conversation").put("id", c.id);
        event.putObject("assistant").put("id", c.assistant.id());
        event.put("startedAt", at.toString());
        event.put("durationMs", durationMs);
        return event;
    }

    /** A later, more precise subject, as assistants set once they understand the request. */
    static ObjectNode conversationEvent(Conversation c) {
        ObjectNode event = base(c, c.id + "-meta", "conversation", c.clock.plusMillis(200), 0);
        event.remove("durationMs");
        ((ObjectNode) event.get("conversation")).put("subject", c.subject + " (" + c.assistant.name() + ")");
        ((ObjectNode) event.get("assistant")).put("name", c.assistant.name());
        return event;
    }

    /** The tool run the model asked for, and for web-facing tools the plugin's own HTTP request. */
    void queueToolWork(Conversation c, String callEventId, String tool, String toolCallId, Instant callEnd) {
                long toolMs = random.nextLong(80, 3000);
        Instant toolStart = callEnd.plusMillis(random.nextLong(5, 60));
        boolean web = tool.startsWith("wordpress") || tool.startsWith("unsplash") || tool.equals("web_search") || tool.equals("fetch_url");
        if (web) {
            boolean failed = random.nextInt(15) == 0;
            ObjectNode http = base(c, callEventId + "-http", "http_request", toolStart.plusMillis(10), Math.max(20, toolMs - 40));
            http.put("plugin", tool.contains("_") ? tool.substring(0, tool.indexOf('_')) : tool);
            http.put("toolCallId", toolCallId);
            http.put("method", tool.startsWith("wordpress") ? "POST" : "GET");
            http.put("url", switch (tool) {
                case "wordpress_create_post" -> "https://blog.example.com/wp-json/wp/v2/posts?api_key=demo-secret";
                case "unsplash_search" -> "https://api.unsplash.example/search/photos?query=tide+pools&client_id=demo";
                default -> "https://search.example.com/v1/search?q=" + c.subject.replace(' ', '+');
            });
            http.put("statusCode", failed ? 502 : (tool.startsWith("wordpress") ? 201 : 200));
            ObjectNode requestHeaders = http.putObject("requestHeaders");
            requestHeaders.put("Authorization", "Bearer demo-token-should-be-redacted");
            requestHeaders.put("Content-Type", "application/json");
            http.putObject("responseHeaders").put("Content-Type", "application/json");
            if (tool.startsWith("wordpress")) {
                ObjectNode body = http.putObject("requestBody");
                body.put("title", c.subject);
                body.put("status", "draft");
                body.put("password", "hunter2");
            }
            http.putObject("responseBody").put("items", random.nextInt(1, 20));
            c.pending.add(http);
        }
        ObjectNode execution = base(c, callEventId + "-tool", "tool_execution", toolStart, toolMs);
        execution.put("toolCallId", toolCallId);
        execution.put("callId", callEventId);
        execution.put("toolName", tool);
        execution.putObject("input").put("query", c.subject);
        execution.putObject("result").put("summary", random.nextInt(3, 12) + " items found");
        c.pending.add(execution);
    }

    ObjectNode llmCall(Conversation c) {
                boolean last = c.step == c.length - 1;
        String model = shape.model(c.assistant, c.clock);
        boolean failed = shape.fails(model, c.clock, random);
        long duration = shape.durationMs(model, c.clock, random);
        double left = shape.requestsLeft(model, c.clock, random);
        ObjectNode event = JSON.createObjectNode();
        event.put("eventId", c.id + "-call-" + c.step);
        event.put("type", "llm_call");
        ObjectNode conversation = event.putObject("conversation");
        conversation.put("id", c.id);
        conversation.put("subject", c.subject);
        ObjectNode assistant = event.putObject("assistant");
        assistant.put("id", c.assistant.id());
        assistant.put("name", c.assistant.name());
        event.put("startedAt", c.clock.toString());
        event.put("durationMs", duration);
        event.put("provider", c.assistant.provider());
        event.put("model", model);
        event.put("systemPrompt", c.assistant.systemPrompt());
        event.set("messages", c.messages.deepCopy());

        long input = 800 + c.messages.size() * 350L + random.nextInt(400);
        long cacheRead = c.step == 0 ? 0 : Math.min(input - 50, 600 + c.messages.size() * 300L);
        long cacheWrite = c.step == 0 ? Math.min(input / 2, 700) : random.nextInt(0, 120);
        long output = random.nextLong(40, 900);
        ObjectNode usage = event.putObject("usage");
        usage.put("inputTokens", input);
        usage.put("outputTokens", output);
        usage.put("cacheReadTokens", cacheRead);
        usage.put("cacheWriteTokens", cacheWrite);
        if ("openai".equals(c.assistant.provider()) && model.startsWith("o")) {
            usage.put("reasoningTokens", output / 2);
        }

        ObjectNode rateLimit = event.putObject("rateLimit");
        if ("anthropic".equals(c.assistant.provider())) {
            rateLimit.put("anthropic-ratelimit-requests-limit", "4000");
            rateLimit.put("anthropic-ratelimit-requests-remaining", String.valueOf(Math.round(4000 * left)));
            rateLimit.put("anthropic-ratelimit-requests-reset", c.clock.plusSeconds(1).toString());
            rateLimit.put("anthropic-ratelimit-tokens-limit", "400000");
            rateLimit.put("anthropic-ratelimit-tokens-remaining", String.valueOf(random.nextInt(100000, 399000)));
            rateLimit.put("anthropic-ratelimit-tokens-reset", c.clock.plusSeconds(12).toString());
        } else {
            rateLimit.put("x-ratelimit-limit-requests", "10000");
            rateLimit.put("x-ratelimit-remaining-requests", String.valueOf(Math.round(10000 * left)));
            rateLimit.put("x-ratelimit-reset-requests", random.nextInt(1, 60) + "ms");
            rateLimit.put("x-ratelimit-limit-tokens", "2000000");
            rateLimit.put("x-ratelimit-remaining-tokens", String.valueOf(random.nextInt(1500000, 1999000)));
            rateLimit.put("x-ratelimit-reset-tokens", random.nextInt(1, 9) + "s");
        }

        ObjectNode response = event.putObject("response");
        if (failed) {
            ObjectNode error = event.putObject("error");
            // Near a limit a failure is the limit's 429; otherwise an overload (529) as often as a 429.
            boolean limited = left < 0.1 || random.nextBoolean();
            error.put("type", limited ? "rate_limit_error" : "overloaded_error");
            error.put("message", limited ? "This request would exceed the rate limit; retry after the reset."
                    : "The provider is temporarily overloaded; retry shortly.");
            error.put("httpStatus", limited ? 429 : 529);
            rateLimit.put("retry-after", String.valueOf(random.nextInt(1, 30)));
            event.put("stopReason", "error");
        } else if (last) {
            String text = "Here is what I found about \"" + c.subject + "\": " + "the short answer is yes, with caveats. ".repeat(random.nextInt(1, 6));
            response.put("text", text);
            if (c.assistant.provider().equals("anthropic")) {
                response.put("thinking", "The user asked about " + c.subject + ". I have enough from the tool results to answer.");
            }
            event.put("stopReason", c.assistant.provider().equals("anthropic") ? "end_turn" : "stop");
            ObjectNode reply = c.messages.addObject();
            reply.put("role", "assistant");
            reply.put("content", text);
        } else {
            String tool = c.assistant.tools().get(random.nextInt(c.assistant.tools().size()));
            String toolCallId = (c.assistant.provider().equals("anthropic") ? "toolu_" : "call_") + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            if (c.assistant.provider().equals("anthropic") && random.nextBoolean()) {
                response.put("thinking", "I should call " + tool + " to get facts before answering.");
            }
            response.put("text", "Let me check with " + tool + ".");
            ArrayNode toolCalls = response.putArray("toolCalls");
            ObjectNode call = toolCalls.addObject();
            call.put("id", toolCallId);
            call.put("name", tool);
            call.putObject("input").put("query", c.subject);
            event.put("stopReason", c.assistant.provider().equals("anthropic") ? "tool_use" : "tool_calls");
            queueToolWork(c, event.get("eventId").asText(), tool, toolCallId, c.clock.plusMillis(duration));
            ObjectNode toolResult = c.messages.addObject();
            toolResult.put("role", "user");
            toolResult.put("content", "[tool result for " + tool + ": " + random.nextInt(3, 12) + " items]");
        }
        c.step++;
        c.clock = c.clock.plusMillis(duration + random.nextLong(3100, 4500));
        return event;
    }
}
