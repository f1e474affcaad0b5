package io.apilogs.model;

import io.apilogs.model.event.Usage;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** API.md's single token meaning, checked with exact arithmetic so that an overflow cannot hide a breach. */
public final class UsageChecks {
    private UsageChecks() {
    }

    public static void check(Usage usage) {
        assertThat(usage).isNotNull();
        for (Long count : new Long[]{usage.inputTokens(), usage.outputTokens(), usage.cacheReadTokens(),
                usage.cacheWriteTokens(), usage.cacheWrite1hTokens(), usage.reasoningTokens()}) {
            assertThat(count == null || count >= 0).as("token counts are >= 0: %s", usage).isTrue();
        }
        if (usage.inputTokens() != null) {
            BigInteger cache = BigInteger.valueOf(usage.cacheReadOrZero()).add(BigInteger.valueOf(usage.cacheWriteOrZero()));
            assertThat(BigInteger.valueOf(usage.inputTokens())).as("input includes the cache: %s", usage).isGreaterThanOrEqualTo(cache);
        }
        if (usage.cacheWrite1hTokens() != null) {
            assertThat(usage.cacheWrite1hTokens()).as("1h writes are part of the writes: %s", usage)
                    .isLessThanOrEqualTo(usage.cacheWriteOrZero());
        }
        if (usage.reasoningTokens() != null && usage.outputTokens() != null) {
            assertThat(usage.reasoningTokens()).as("reasoning is part of output: %s", usage)
                    .isLessThanOrEqualTo(usage.outputTokens());
        }
    }
}
