package io.apilogs.model.event;

/**
 * Token counts in the one meaning of API.md: {@code inputTokens} is the total input including cache reads and
 * writes, {@code reasoningTokens} are part of {@code outputTokens}. A count the provider did not report is null.
 */
public record Usage(Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens,
                    Long cacheWrite1hTokens, Long reasoningTokens) {

    public static final Usage EMPTY = new Usage(null, null, null, null, null, null);

    public long inputOrZero() {
        return inputTokens == null ? 0 : inputTokens;
    }

    public long outputOrZero() {
        return outputTokens == null ? 0 : outputTokens;
    }

    public long cacheReadOrZero() {
        return cacheReadTokens == null ? 0 : cacheReadTokens;
    }

    public long cacheWriteOrZero() {
        return cacheWriteTokens == null ? 0 : cacheWriteTokens;
    }

    public long cacheWrite1hOrZero() {
        return cacheWrite1hTokens == null ? 0 : cacheWrite1hTokens;
    }

    public long reasoningOrZero() {
        return reasoningTokens == null ? 0 : reasoningTokens;
    }
}
