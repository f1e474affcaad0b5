package io.apilogs.query.service;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** A Price without its model (the model is in the path). */
public record PriceBody(@Size(max = 100) List<@NotBlank @Size(max = 256) String> aliases,
                        String effectiveFrom,
                        @PositiveOrZero Long minInputTokens,
                        @NotNull @DecimalMin("0") @Digits(integer = 11, fraction = 9) BigDecimal inputPerMTok,
                        @NotNull @DecimalMin("0") @Digits(integer = 11, fraction = 9) BigDecimal outputPerMTok,
                        @DecimalMin("0") @Digits(integer = 11, fraction = 9) BigDecimal cacheReadPerMTok,
                        @DecimalMin("0") @Digits(integer = 11, fraction = 9) BigDecimal cacheWritePerMTok,
                        @DecimalMin("0") @Digits(integer = 11, fraction = 9) BigDecimal cacheWrite1hPerMTok) {
}
