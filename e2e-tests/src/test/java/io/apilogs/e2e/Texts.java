package io.apilogs.e2e;

/** Event bodies for load tests: texts of a given size that look like prose, and llm_call events carrying them. */
final class Texts {
    private static final String[] WORDS = {"the", "order", "shipped", "refund", "customer", "asked", "whether", "tracking",
            "number", "warehouse", "delayed", "because", "weather", "sorry", "about", "that", "we", "will", "check", "again"};

    private Texts() {
    }

    /** About {@code bytes} bytes of ASCII words (JSON-safe). */
    static String of(int bytes) {
        StringBuilder text = new StringBuilder(bytes + 16);
        for (int i = 0; text.length() < bytes; i++) {
            text.append(WORDS[(i * 7 + i / 13) % WORDS.length]).append(i % 17 == 16 ? ". " : " ");
        }
        text.setLength(bytes);
        return text.toString();
    }

    /** An llm_call whose one user message is {@code text}. */
    static String llmCall(String eventId, String conversationId, String text) {
        return """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s","subject":"Burst"},
                 "assistant":{"id":"burst-bot"},"startedAt":"%s","durationMs":900,"provider":"openai","model":"gpt-4o",
                 "messages":[{"role":"user","content":"%s"}],"response":{"text":"Noted."},
                 "usage":{"inputTokens":2500,"outputTokens":3}}""".formatted(eventId, conversationId, java.time.Instant.now(), text);
    }
}
