package io.apilogs.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest benchmark's traffic. {@code small}: llm_calls with bodies under 1 KB. {@code mix}: what assistants send,
 * system prompts of 2-8 KB from a pool of 50 (so prompt dedup matters), messages of 1-20 KB, tool calls followed by
 * their tool executions and HTTP requests, several models. Each generator thread owns one instance.
 */
final class Traffic {
    /**
     * {@code burst}: llm_calls with one 10 KB message, the burst that once ran the default install out of heap;
     * {@code huge}: one message just under the 1 MiB text limit, four to a batch (just under the 5 MiB body limit).
     */
    enum Mode { SMALL, MIX, BURST, HUGE }

    /** Events per POST for each mode. */
    static int batchSize(Mode mode) {
        return switch (mode) {
            case SMALL -> 500;
            case MIX -> 100;
            case BURST -> 200;
            case HUGE -> 4;
        };
    }

    static final String[] MODELS = {"claude-sonnet-4-5", "claude-haiku-4-5", "gpt-4o", "gpt-4o-mini", "claude-opus-4-1"};
    private static final String[] PROMPTS = new String[50];
    /** Message texts of 1-20 KB, built once, so the generator spends its CPU on posting rather than on making text. */
    private static final String[] MESSAGES = new String[200];
    private static final String[] BODIES = new String[50];
    private static final String[] BURST_TEXTS = new String[50];
    private static final String[] HUGE_TEXTS = new String[4];
    private static final String WORDS = "the quick assistant reads the ticket and calls a tool to fetch the order then answers the user ";

    static {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PROMPTS.length; i++) {
            PROMPTS[i] = "You are assistant " + i + ". " + text(random, 2048 + random.nextInt(6144));
        }
        for (int i = 0; i < MESSAGES.length; i++) {
            MESSAGES[i] = "Question " + i + ": " + text(random, 1024 + random.nextInt(19 * 1024));
        }
        for (int i = 0; i < BODIES.length; i++) {
            BODIES[i] = text(random, 256 + random.nextInt(2048));
        }
        for (int i = 0; i < BURST_TEXTS.length; i++) {
            BURST_TEXTS[i] = text(random, 10_000);
        }
        for (int i = 0; i < HUGE_TEXTS.length; i++) {
            HUGE_TEXTS[i] = text(random, 1_000_000);
        }
    }

    private final Mode mode;
    private final String runId;
    private final int thread;
    private final SplittableRandom random;
    private final AtomicLong llmCalls;
    private long sequence;

    Traffic(Mode mode, String runId, int thread, AtomicLong llmCalls) {
        this.mode = mode;
        this.runId = runId;
        this.thread = thread;
        this.random = new SplittableRandom(thread * 7919L + 1);
        this.llmCalls = llmCalls;
    }

    /** One batch of exactly {@code size} events, as the JSON body of POST /v1/events. */
    String batch(int size) {
        List<String> events = new ArrayList<>(size);
        while (events.size() < size) {
            if (mode == Mode.SMALL) {
                events.add(small());
            } else if (mode == Mode.BURST || mode == Mode.HUGE) {
                events.add(large(mode == Mode.BURST ? BURST_TEXTS : HUGE_TEXTS));
            } else {
                events.addAll(mixTurn(size - events.size()));
            }
        }
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private String id() {
        return runId + "-" + thread + "-" + (sequence++);
    }

    private String conversation() {
        return runId + "-c" + thread + "-" + (sequence / 20);
    }

    private String small() {
        llmCalls.incrementAndGet();
        return """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s","subject":"Bench %d"},"assistant":{"id":"bench-%d"},\
                "startedAt":"%s","durationMs":%d,"provider":"anthropic","model":"%s","usage":{"inputTokens":%d,"outputTokens":%d},\
                "stopReason":"end_turn","response":{"text":"ok"}}"""
                .formatted(id(), conversation(), thread, thread % 5, Instant.now(), 200 + random.nextInt(3000),
                        MODELS[random.nextInt(MODELS.length)], 100 + random.nextInt(2000), 10 + random.nextInt(500));
    }

    private String large(String[] texts) {
        llmCalls.incrementAndGet();
        return """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s","subject":"Burst %d"},"assistant":{"id":"burst-%d"},\
                "startedAt":"%s","durationMs":%d,"provider":"openai","model":"%s","usage":{"inputTokens":%d,"outputTokens":%d},\
                "messages":[{"role":"user","content":"%s"}],"stopReason":"end_turn","response":{"text":"Noted."}}"""
                .formatted(id(), conversation(), thread, thread % 5, Instant.now(), 200 + random.nextInt(3000),
                        MODELS[random.nextInt(MODELS.length)], 2500 + random.nextInt(2000), 10 + random.nextInt(50),
                        texts[random.nextInt(texts.length)]);
    }

    /** An LLM call that asks for a tool, then the tool's execution and its HTTP request (at most {@code room} events). */
    private List<String> mixTurn(int room) {
        String conv = conversation();
        String call = id();
        String model = MODELS[random.nextInt(MODELS.length)];
        String prompt = PROMPTS[random.nextInt(PROMPTS.length)];
        String message = MESSAGES[random.nextInt(MESSAGES.length)];
        String toolCall = "toolu_" + call;
        List<String> events = new ArrayList<>(3);
        llmCalls.incrementAndGet();
        events.add("""
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s","subject":"Mixed %d"},"assistant":{"id":"mix-%d"},\
                "startedAt":"%s","durationMs":%d,"provider":"anthropic","model":"%s","systemPrompt":"%s",\
                "messages":[{"role":"user","content":"%s"}],\
                "response":{"text":"Looking it up.","toolCalls":[{"id":"%s","name":"fetch_order","input":{"order":%d}}]},\
                "usage":{"inputTokens":%d,"outputTokens":%d,"cacheReadTokens":%d},"stopReason":"tool_use",\
                "rateLimit":{"anthropic-ratelimit-requests-remaining":"%d","anthropic-ratelimit-requests-limit":"4000"}}"""
                .formatted(call, conv, thread, thread % 5, Instant.now(), 500 + random.nextInt(8000), model, prompt, message,
                        toolCall, random.nextInt(100000), 3000 + random.nextInt(20000), 50 + random.nextInt(800),
                        random.nextInt(2000), random.nextInt(4000)));
        if (room > 1) {
            events.add("""
                    {"eventId":"%s","type":"tool_execution","conversation":{"id":"%s"},"assistant":{"id":"mix-%d"},\
                    "startedAt":"%s","durationMs":%d,"toolCallId":"%s","callId":"%s","toolName":"fetch_order",\
                    "input":{"order":1},"result":{"status":"shipped","items":%d}}"""
                    .formatted(id(), conv, thread % 5, Instant.now(), 20 + random.nextInt(900), toolCall, call, random.nextInt(9)));
        }
        if (room > 2) {
            events.add("""
                    {"eventId":"%s","type":"http_request","conversation":{"id":"%s"},"assistant":{"id":"mix-%d"},\
                    "startedAt":"%s","durationMs":%d,"toolCallId":"%s","plugin":"shop","method":"GET",\
                    "url":"https://shop.example.test/api/orders/%d","statusCode":200,\
                    "requestHeaders":{"Authorization":"Bearer sk-bench","Accept":"application/json"},\
                    "responseBody":"%s"}"""
                    .formatted(id(), conv, thread % 5, Instant.now(), 15 + random.nextInt(400), toolCall, random.nextInt(100000),
                            BODIES[random.nextInt(BODIES.length)]));
        }
        return events;
    }

    /** Plain words (no JSON escaping needed) of about {@code length} characters. */
    static String text(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length + WORDS.length());
        while (out.length() < length) {
            int start = random.nextInt(WORDS.length() / 2);
            out.append(WORDS, start, WORDS.length());
        }
        out.setLength(length);
        return out.toString();
    }
}
