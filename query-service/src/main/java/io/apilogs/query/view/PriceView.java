package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** A price in force: USD per million tokens of each kind, from {@code effectiveFrom}, for calls of at least {@code minInputTokens}. */
@JsonPropertyOrder({"model", "aliases", "effectiveFrom", "minInputTokens", "inputPerMTok", "outputPerMTok", "cacheReadPerMTok",
        "cacheWritePerMTok", "cacheWrite1hPerMTok", "source", "sourceUrl", "checkedOn"})
public record PriceView(String model, List<String> aliases, String effectiveFrom, long minInputTokens, BigDecimal inputPerMTok,
                        BigDecimal outputPerMTok, BigDecimal cacheReadPerMTok, BigDecimal cacheWritePerMTok,
                        BigDecimal cacheWrite1hPerMTok, @Schema(enumeration = {"default", "workspace"}) String source,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String sourceUrl,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String checkedOn) {

    public record PriceList(List<PriceView> items) {
    }

    public record Repriced(@Schema(description = "calls whose stored cost was recomputed") long repriced) {
    }
}
