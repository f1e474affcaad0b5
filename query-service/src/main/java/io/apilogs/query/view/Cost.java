package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** A call's cost by part, in USD. With {@code priceSource} {@code client}, the parts are null. */
@JsonPropertyOrder({"input", "cacheRead", "cacheWrite", "output", "priceSource"})
public record Cost(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite, BigDecimal output,
                   @Schema(enumeration = {"default", "workspace", "client", "unknown-model"}) String priceSource) {
}
