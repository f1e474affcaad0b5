package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Token counts: input includes the cache tokens and output the reasoning tokens, so {@code total = input + output}. */
@JsonPropertyOrder({"input", "output", "cacheRead", "cacheWrite", "reasoning", "total"})
public record Tokens(Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning,
                     @Schema(description = "input + output") Long total) {
    public static Tokens of(Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning) {
        Long total = input == null && output == null ? null : (input == null ? 0 : input) + (output == null ? 0 : output);
        return new Tokens(input, output, cacheRead, cacheWrite, reasoning, total);
    }
}
