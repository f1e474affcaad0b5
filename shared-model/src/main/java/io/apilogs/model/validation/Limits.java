package io.apilogs.model.validation;

/**
 * Size limits for one event. Texts (messages, prompts, responses) and names/URLs are counted in UTF-8 bytes;
 * an over-long value rejects the event instead of being truncated. HTTP bodies are the exception: they are redacted,
 * then truncated to {@code maxHttpBodyBytes}.
 */
public record Limits(int maxTextBytes, int maxNameBytes, int maxSubjectChars, int maxAssistantNameChars,
                     int maxArrayLength, int maxHttpBodyBytes) {

    public static final Limits DEFAULT = new Limits(1024 * 1024, 64 * 1024, 500, 200, 10_000, 64 * 1024);
}
