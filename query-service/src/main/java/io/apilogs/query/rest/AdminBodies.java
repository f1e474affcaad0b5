package io.apilogs.query.rest;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/** Request bodies of the administration API, checked with Hibernate Validator (answered as problem+json with paths). */
public final class AdminBodies {
    private AdminBodies() {
    }

    public record NewWorkspace(@NotBlank @Size(max = 200) String name) {
    }

    public record NewKey(@NotNull @Pattern(regexp = "ingest|read|admin", message = "must be one of ingest, read, admin") String scope,
                         @Size(max = 200) String name) {
    }

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
}
