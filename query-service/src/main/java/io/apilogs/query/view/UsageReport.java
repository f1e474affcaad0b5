package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** Usage and cost over a date range, grouped by day (in the request's zone), model or assistant, with totals. */
public record UsageReport(@Schema(enumeration = {"day", "model", "assistant"}) String groupBy, List<Row> items, Totals totals) {
    @Schema(name = "UsageRow")
    @JsonPropertyOrder({"key", "calls", "tokens", "costUsd", "unpricedCallCount"})
    public record Row(@Schema(description = "the day (YYYY-MM-DD), the model or the assistant id") String key, long calls, Tokens tokens,
                      BigDecimal costUsd, long unpricedCallCount) {
    }

    @Schema(name = "UsageTotals")
    @JsonPropertyOrder({"calls", "tokens", "costUsd", "unpricedCallCount"})
    public record Totals(long calls, Tokens tokens, BigDecimal costUsd, long unpricedCallCount) {
    }
}
