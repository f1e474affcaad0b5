package io.apilogs.model.validation;

import io.apilogs.model.event.Usage;

import java.util.ArrayList;
import java.util.List;

/** The consistency rules of API.md's single token meaning: cache tokens are part of input, reasoning part of output. */
public final class UsageRules {
    private UsageRules() {
    }

    /**
     * No call reads or writes more tokens than this (the largest context windows hold a few million). Sums of tokens
     * are bigint: with this bound no run of events can overflow one.
     */
    public static final long MAX_TOKENS = 1_000_000_000L;

    public static List<FieldError> check(Usage usage, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        bounded(errors, prefix + ".inputTokens", usage.inputTokens());
        bounded(errors, prefix + ".outputTokens", usage.outputTokens());
        bounded(errors, prefix + ".cacheReadTokens", usage.cacheReadTokens());
        bounded(errors, prefix + ".cacheWriteTokens", usage.cacheWriteTokens());
        bounded(errors, prefix + ".cacheWrite1hTokens", usage.cacheWrite1hTokens());
        bounded(errors, prefix + ".reasoningTokens", usage.reasoningTokens());
        // Compared without adding, so that counts near Long.MAX_VALUE cannot wrap around and pass (all are >= 0).
        if (usage.inputTokens() != null && (usage.cacheReadOrZero() > usage.inputTokens()
                || usage.cacheWriteOrZero() > usage.inputTokens() - usage.cacheReadOrZero())) {
            errors.add(new FieldError(prefix + ".inputTokens",
                    "must be >= cacheReadTokens + cacheWriteTokens (inputTokens is the total input, cache included)"));
        }
        if (usage.cacheWrite1hTokens() != null && usage.cacheWrite1hTokens() > usage.cacheWriteOrZero()) {
            errors.add(new FieldError(prefix + ".cacheWrite1hTokens", "must be <= cacheWriteTokens"));
        }
        if (usage.reasoningTokens() != null && usage.outputTokens() != null && usage.reasoningTokens() > usage.outputTokens()) {
            errors.add(new FieldError(prefix + ".reasoningTokens", "must be <= outputTokens (reasoning is part of output)"));
        }
        return errors;
    }

    private static void bounded(List<FieldError> errors, String path, Long tokens) {
        if (tokens != null && tokens > MAX_TOKENS) {
            errors.add(new FieldError(path, "must be at most " + MAX_TOKENS + " (tokens of one call)"));
        }
    }
}
