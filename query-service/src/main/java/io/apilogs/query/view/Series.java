package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Analytics over time (issue 27: {@code GET /v1/analytics/series}): one line per group (or one for all calls), each
 * with a point per interval of the range, empty intervals included, and its totals over the range.
 */
@JsonPropertyOrder({"interval", "tz", "from", "to", "groupBy", "latencyRelativeError", "series"})
public record Series(@Schema(enumeration = {"hour", "day", "week"}) String interval, String tz,
                     @Schema(description = "the start of the range, in tz") OffsetDateTime from,
                     @Schema(description = "the end of the range (exclusive), in tz") OffsetDateTime to,
                     @Schema(enumeration = {"model", "assistant"}, nullable = true) String groupBy,
                     @Schema(description = "latency percentiles are read from log-scale buckets: each is within this share of the "
                             + "true value (and never above the largest duration)") double latencyRelativeError,
                     List<Line> series) {

    /** One group's line: {@code key} is the model or assistant id, null for all calls or for the groups past the limit ({@code other}). */
    @Schema(name = "SeriesLine")
    @JsonPropertyOrder({"key", "other", "totals", "points"})
    public record Line(String key, @Schema(description = "the groups past the limit, summed") boolean other, Point totals,
                       List<Point> points) {
    }

    @Schema(name = "SeriesPoint")
    @JsonPropertyOrder({"start", "calls", "errors", "errorRate", "rateLimited", "tokens", "costUsd", "unpricedCalls", "latencyMs",
            "cacheHitRatio", "cacheSavingsUsd", "rateLimit"})
    public record Point(@Schema(description = "the interval's start in tz; for totals, the range's") OffsetDateTime start,
                        long calls, long errors,
                        @Schema(description = "errors ÷ calls; null without calls") Double errorRate,
                        @Schema(description = "calls refused for a rate limit (HTTP 429 or a rate-limit error type)") long rateLimited,
                        Tokens tokens,
                        @Schema(description = "the sum of the known costs; null when none is priced") BigDecimal costUsd,
                        long unpricedCalls,
                        @Schema(description = "LLM call durations; null without any") CallSummary.Durations latencyMs,
                        @Schema(description = "cached input (cache reads) ÷ input tokens; null without input") Double cacheHitRatio,
                        @Schema(description = "what cached tokens would have cost at the input price, less what they cost (cache "
                                + "writes' premium included, so it can be negative); null when no priced call used the cache") BigDecimal cacheSavingsUsd,
                        RateLimit rateLimit) {
    }

    /**
     * The provider's rate-limit headers: the lowest share of requests and of tokens left seen in the interval (null when
     * no call carried them), and the calls made with under 10% of either left.
     */
    @Schema(name = "SeriesRateLimit")
    @JsonPropertyOrder({"minRequestsShare", "minTokensShare", "lowHeadroomCalls"})
    public record RateLimit(Double minRequestsShare, Double minTokensShare, long lowHeadroomCalls) {
    }
}
