package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** The calls of a filter, summed (issue 25: {@code GET /v1/calls/summary}). */
@JsonPropertyOrder({"count", "errorCount", "costUsd", "unpricedCount", "tokens", "durationMs"})
public record CallSummary(long count, long errorCount, @Schema(description = "the sum of the known costs; null when none is priced") BigDecimal costUsd,
                          long unpricedCount, Tokens tokens, Durations durationMs) {
    /** Percentiles of the calls' durations (of those that have one), in milliseconds; null without any. */
    @Schema(name = "CallDurations")
    @JsonPropertyOrder({"p50", "p95", "p99", "max"})
    public record Durations(Long p50, Long p95, Long p99, Long max) {
    }
}
