package io.apilogs.localstack;

import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.ClientListener;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps the UI alive with realistic traffic: several assistants and models, agent loops of tool-using calls,
 * thinking, cached prompts, an occasional provider error, and some long conversations. A few events per second.
 */
public final class DemoFeeder implements Runnable {
    private static final System.Logger LOG = System.getLogger(DemoFeeder.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Assistant(String id, String name, String provider, String model, String systemPrompt, List<String> tools) {
    }

    private static final List<Assistant> ASSISTANTS = List.of(
            new Assistant("blog-writer", "Blog Writer", "anthropic", "claude-sonnet-4-5",
                    "You are Blog Writer, an assistant that drafts and publishes WordPress posts. Keep a friendly tone, cite sources, and ask before publishing.",
                    List.of("wordpress_create_post", "unsplash_search", "web_search")),
            new Assistant("support-bot", "Support Bot", "openai", "gpt-4o",
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

    private static final class Conversation {
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

    /** The demo traffic goes through the Java client, as an assistant's would: buffered, batched, retried. */
    private final ApiLogsClient client;
    private final List<Conversation> active = new ArrayList<>();
    private volatile boolean running = true;

    public DemoFeeder(String ingestUrl, String ingestKey) {
        this.client = ApiLogsClient.builder(ingestUrl, ingestKey).shutdownHook(false).flushInterval(Duration.ofMillis(500))
                .closeTimeout(Duration.ofSeconds(5)).listener(new ClientListener() {
                    @Override
                    public void refused(List<String> eventIds, int status, String detail) {
                        LOG.log(System.Logger.Level.WARNING, "demo events refused (" + status + "): " + detail);
                    }

                    @Override
                    public void dropped(List<String> eventIds, String why) {
                        LOG.log(System.Logger.Level.WARNING, eventIds.size() + " demo events dropped: " + why);
                    }
                }).build();
    }

    public Thread start() {
        Thread thread = new Thread(this, "apilogs-demo-feeder");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    public void stop() {
        running = false;
        client.close();
    }

    @Override
    public void run() {
        while (running) {
            try {
                post(nextEvent());
                Thread.sleep(ThreadLocalRandom.current().nextLong(150, 450));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "demo event not posted: " + e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private ObjectNode nextEvent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        active.removeIf(c -> c.step >= c.length && c.pending.isEmpty());
        if (active.size() < 4) {
            Assistant assistant = ASSISTANTS.get(random.nextInt(ASSISTANTS.size()));
            int length = random.nextInt(10) == 0 ? random.nextInt(60, 150) : random.nextInt(2, 12);
            Conversation conversation = new Conversation(assistant, SUBJECTS.get(random.nextInt(SUBJECTS.size())), length);
            ObjectNode first = conversation.messages.addObject();
            first.put("role", "user");
            first.put("content", conversation.subject);
            active.add(conversation);
        }
        Conversation next = active.get(random.nextInt(active.size()));
        if (!next.pending.isEmpty()) {
            return next.pending.poll();
        }
        if (next.step == 0 && random.nextInt(3) == 0) {
            next.pending.add(conversationEvent(next));
        }
        return llmCall(next);
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
    private static ObjectNode conversationEvent(Conversation c) {
        ObjectNode event = base(c, c.id + "-meta", "conversation", c.clock.plusMillis(200), 0);
        event.remove("durationMs");
        ((ObjectNode) event.get("conversation")).put("subject", c.subject + " (" + c.assistant.name() + ")");
        ((ObjectNode) event.get("assistant")).put("name", c.assistant.name());
        return event;
    }

    /** The tool run the model asked for, and for web-facing tools the plugin's own HTTP request. */
    private void queueToolWork(Conversation c, String callEventId, String tool, String toolCallId, Instant callEnd) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
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

    private ObjectNode llmCall(Conversation c) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean last = c.step == c.length - 1;
        boolean failed = random.nextInt(40) == 0;
        long duration = random.nextLong(400, 9000);
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
        event.put("model", c.assistant.model());
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
        if ("openai".equals(c.assistant.provider()) && c.assistant.model().startsWith("o")) {
            usage.put("reasoningTokens", output / 2);
        }

        ObjectNode rateLimit = event.putObject("rateLimit");
        if ("anthropic".equals(c.assistant.provider())) {
            rateLimit.put("anthropic-ratelimit-requests-limit", "4000");
            rateLimit.put("anthropic-ratelimit-requests-remaining", String.valueOf(random.nextInt(3000, 3999)));
            rateLimit.put("anthropic-ratelimit-requests-reset", c.clock.plusSeconds(1).toString());
            rateLimit.put("anthropic-ratelimit-tokens-limit", "400000");
            rateLimit.put("anthropic-ratelimit-tokens-remaining", String.valueOf(random.nextInt(100000, 399000)));
            rateLimit.put("anthropic-ratelimit-tokens-reset", c.clock.plusSeconds(12).toString());
        } else {
            rateLimit.put("x-ratelimit-limit-requests", "10000");
            rateLimit.put("x-ratelimit-remaining-requests", String.valueOf(random.nextInt(9000, 9999)));
            rateLimit.put("x-ratelimit-reset-requests", random.nextInt(1, 60) + "ms");
            rateLimit.put("x-ratelimit-limit-tokens", "2000000");
            rateLimit.put("x-ratelimit-remaining-tokens", String.valueOf(random.nextInt(1500000, 1999000)));
            rateLimit.put("x-ratelimit-reset-tokens", random.nextInt(1, 9) + "s");
        }

        ObjectNode response = event.putObject("response");
        if (failed) {
            ObjectNode error = event.putObject("error");
            error.put("type", random.nextBoolean() ? "overloaded_error" : "rate_limit_error");
            error.put("message", "The provider is temporarily overloaded; retry shortly.");
            error.put("httpStatus", random.nextBoolean() ? 529 : 429);
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

    private void post(ObjectNode event) {
        client.log(event);
    }
}
