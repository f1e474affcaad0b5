package io.apilogs.model.cost;

import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every expected value below was worked out by hand from PROVIDERS.md's table (USD per million tokens, so a rate
 * R costs R / 1e6 per token); the arithmetic is in each case's comment. "uncached" = input - cacheRead - cacheWrite.
 */
class CostCalculatorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final BigDecimal NANO = new BigDecimal("0.000000001");

    private static final PriceTable WORKSPACE = PriceTable.of(List.of(
            price("claude-opus-4-5", "2024-01-01T00:00:00Z", 0, "2", "10", "0.2", "2.5", "4"),
            price("my-finetune", "2024-01-01T00:00:00Z", 0, "4", "16", null, null, null),
            // Not in force until mid-2026: calls before then keep the default price.
            price("gpt-4o", "2026-06-01T00:00:00Z", 0, "1", "4", "0.5", null, null),
            price("ws-5m-only", "2024-01-01T00:00:00Z", 0, "1", "3", null, "2", null),
            price("ws-tiny", "2024-01-01T00:00:00Z", 0, "0.0005", "0.0004", "0.0005", "0.0005", null)));

    private final CostCalculator calculator = new CostCalculator();

    record Case(String name, String model, Instant at, Usage usage, BigDecimal client, String source,
                String total, String input, String cacheRead, String cacheWrite, String output) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // input 1000*3 = 3000e-6 = 0.003; output 500*15 = 7500e-6 = 0.0075; total 0.0105
                priced("plain sonnet-4-5", "claude-sonnet-4-5", NOW, usage(1000L, 500L, null, null, null, null),
                        "default", "0.0105", "0.003", "0", "0", "0.0075"),
                // uncached 10000-8000 = 2000*3 = 0.006; read 8000*0.30 = 0.0024; output 200*15 = 0.003; total 0.0114
                priced("cache read is taken out of input", "claude-sonnet-4-5", NOW, usage(10000L, 200L, 8000L, null, null, null),
                        "default", "0.0114", "0.006", "0.0024", "0", "0.003"),
                // uncached 1000*3 = 0.003; write 4000*3.75 = 0.015; output 100*15 = 0.0015; total 0.0195
                priced("cache write 5m", "claude-sonnet-4-5", NOW, usage(5000L, 100L, null, 4000L, null, null),
                        "default", "0.0195", "0.003", "0", "0.015", "0.0015"),
                // uncached 1000*3 = 0.003; write 4000 all 1h *6 = 0.024; output 0.0015; total 0.0285
                priced("cache write 1h", "claude-sonnet-4-5", NOW, usage(5000L, 100L, null, 4000L, 4000L, null),
                        "default", "0.0285", "0.003", "0", "0.024", "0.0015"),
                // write (4000-1000)*3.75 = 0.01125 + 1000*6 = 0.006 -> 0.01725; total 0.003+0.01725+0.0015 = 0.02175
                priced("cache write split 5m and 1h", "claude-sonnet-4-5", NOW, usage(5000L, 100L, null, 4000L, 1000L, null),
                        "default", "0.02175", "0.003", "0", "0.01725", "0.0015"),
                // uncached 100000-60000-20000 = 20000*15 = 0.3; read 60000*1.5 = 0.09;
                // write 15000*18.75 = 0.28125 + 5000*30 = 0.15 -> 0.43125; output 2000*75 = 0.15; total 0.97125
                priced("every part on opus-4-1", "claude-opus-4-1", NOW, usage(100000L, 2000L, 60000L, 20000L, 5000L, null),
                        "default", "0.97125", "0.3", "0.09", "0.43125", "0.15"),
                // input 1000*1.10 = 0.0011; output 3000*4.40 = 0.0132 (the 2500 reasoning are inside it); total 0.0143
                priced("reasoning not added twice", "o4-mini", NOW, usage(1000L, 3000L, null, null, null, 2500L),
                        "default", "0.0143", "0.0011", "0", "0", "0.0132"),
                // uncached 5000*1.25 = 0.00625; read 15000*0.125 = 0.001875; output 5000*10 = 0.05; total 0.058125
                priced("reasoning and cache on gpt-5", "gpt-5", NOW, usage(20000L, 5000L, 15000L, null, null, 4000L),
                        "default", "0.058125", "0.00625", "0.001875", "0", "0.05"),
                unpriced("unknown model", "mystery-model-1", NOW, usage(1000L, 100L, null, null, null, null)),
                unpriced("no model at all", null, NOW, usage(1000L, 100L, null, null, null, null)),
                // Never strip a date suffix: this snapshot is not in any table.
                unpriced("unlisted dated name is unknown", "gpt-4o-2099-01-01", NOW, usage(1000L, 100L, null, null, null, null)),
                new Case("client cost wins over a known price", "gpt-4o", NOW, usage(1000L, 100L, null, null, null, null),
                        new BigDecimal("0.123"), "client", "0.123", null, null, null, null),
                new Case("client zero stays zero for an unknown model", "mystery-model-1", NOW, usage(1000L, 100L, null, null, null, null),
                        BigDecimal.ZERO, "client", "0", null, null, null, null),
                // workspace opus-4-5 (default would be 5/25): uncached 10000-8000-1000 = 1000*2 = 0.002; read 8000*0.2 = 0.0016;
                // write 500*2.5 = 0.00125 + 500*4 = 0.002 -> 0.00325; output 1000*10 = 0.01; total 0.01685
                priced("workspace beats default", "claude-opus-4-5", NOW, usage(10000L, 1000L, 8000L, 1000L, 500L, null),
                        "workspace", "0.01685", "0.002", "0.0016", "0.00325", "0.01"),
                // the default table knows the dated name as opus-4-5, so the workspace price applies:
                // input 1000*2 = 0.002; output 100*10 = 0.001; total 0.003
                priced("workspace price reaches a default alias", "claude-opus-4-5-20251101", NOW, usage(1000L, 100L, null, null, null, null),
                        "workspace", "0.003", "0.002", "0", "0", "0.001"),
                // workspace-only model, no cache price so read at input 4: uncached 600*4 = 0.0024; read 400*4 = 0.0016;
                // output 100*16 = 0.0016; total 0.0056
                priced("workspace-only model, cache read falls back to input", "my-finetune", NOW, usage(1000L, 100L, 400L, null, null, null),
                        "workspace", "0.0056", "0.0024", "0.0016", "0", "0.0016"),
                // workspace gpt-4o starts 2026-06-01, so default: input 1000*2.50 = 0.0025; output 100*10 = 0.001; total 0.0035
                priced("workspace price not yet effective", "gpt-4o", NOW, usage(1000L, 100L, null, null, null, null),
                        "default", "0.0035", "0.0025", "0", "0", "0.001"),
                // workspace gpt-4o in force: uncached 500*1 = 0.0005; read 500*0.5 = 0.00025; output 100*4 = 0.0004; total 0.00115
                priced("workspace price once effective", "gpt-4o", Instant.parse("2026-07-01T00:00:00Z"), usage(1000L, 100L, 500L, null, null, null),
                        "workspace", "0.00115", "0.0005", "0.00025", "0", "0.0004"),
                // workspace gpt-4o in force, reached through the default alias: input 1000*1 = 0.001; output 100*4 = 0.0004
                priced("workspace gpt-4o covers gpt-4o-2024-08-06", "gpt-4o-2024-08-06", Instant.parse("2026-07-01T00:00:00Z"), usage(1000L, 100L, null, null, null, null),
                        "workspace", "0.0014", "0.001", "0", "0", "0.0004"),
                // gpt-4o-2024-05-13 is its own model, so the workspace gpt-4o price does not reach it: 1000*5 + 100*15 = 0.005 + 0.0015
                priced("workspace gpt-4o leaves gpt-4o-2024-05-13 alone", "gpt-4o-2024-05-13", Instant.parse("2026-07-01T00:00:00Z"), usage(1000L, 100L, null, null, null, null),
                        "default", "0.0065", "0.005", "0", "0", "0.0015"),
                // old o3: uncached 6000*10 = 0.06; read 4000*2.50 = 0.01; output 2000*40 = 0.08; total 0.15
                priced("o3 a second before the price cut", "o3", Instant.parse("2025-06-09T23:59:59Z"), usage(10000L, 2000L, 4000L, null, null, null),
                        "default", "0.15", "0.06", "0.01", "0", "0.08"),
                // new o3: uncached 6000*2 = 0.012; read 4000*0.50 = 0.002; output 2000*8 = 0.016; total 0.03
                priced("o3 at the price cut", "o3", Instant.parse("2025-06-10T00:00:00Z"), usage(10000L, 2000L, 4000L, null, null, null),
                        "default", "0.03", "0.012", "0.002", "0", "0.016"),
                // alias, old price: input 1000*10 = 0.01; output 1000*40 = 0.04; total 0.05
                priced("o3 snapshot alias before the cut", "o3-2025-04-16", Instant.parse("2025-05-01T00:00:00Z"), usage(1000L, 1000L, null, null, null, null),
                        "default", "0.05", "0.01", "0", "0", "0.04"),
                // base tier: input 200000*3 = 0.6; output 1000*15 = 0.015; total 0.615
                priced("sonnet-4-5 at 200000 input is base tier", "claude-sonnet-4-5", NOW, usage(200000L, 1000L, null, null, null, null),
                        "default", "0.615", "0.6", "0", "0", "0.015"),
                // long tier: input 200001*6 = 1.200006; output 1000*22.50 = 0.0225; total 1.222506
                priced("sonnet-4-5 at 200001 input is long-context tier", "claude-sonnet-4-5", NOW, usage(200001L, 1000L, null, null, null, null),
                        "default", "1.222506", "1.200006", "0", "0", "0.0225"),
                // tier counts cached input too: uncached 40000*6 = 0.24; read 200000*0.60 = 0.12; write 10000*7.50 = 0.075;
                // output 2000*22.50 = 0.045; total 0.48
                priced("long-context tier counts cached input", "claude-sonnet-4-5", NOW, usage(250000L, 2000L, 200000L, 10000L, null, null),
                        "default", "0.48", "0.24", "0.12", "0.075", "0.045"),
                // 1h on the long tier: uncached 300000-10000 = 290000*6 = 1.74; write 10000*12 = 0.12; output 0; total 1.86
                priced("sonnet-4 long tier 1h write", "claude-sonnet-4-20250514", NOW, usage(300000L, 0L, null, 10000L, 10000L, null),
                        "default", "1.86", "1.74", "0", "0.12", "0"),
                // same as the plain case: 0.003 + 0.0075 = 0.0105
                priced("dated alias claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929", NOW, usage(1000L, 500L, null, null, null, null),
                        "default", "0.0105", "0.003", "0", "0", "0.0075"),
                // gpt-4o price: uncached 1000*2.50 = 0.0025; read 1000*1.25 = 0.00125; output 100*10 = 0.001; total 0.00475
                priced("dated alias gpt-4o-2024-08-06", "gpt-4o-2024-08-06", NOW, usage(2000L, 100L, 1000L, null, null, null),
                        "default", "0.00475", "0.0025", "0.00125", "0", "0.001"),
                // own price 5/15, no cache price so read at 5: uncached 1000*5 = 0.005; read 1000*5 = 0.005;
                // output 100*15 = 0.0015; total 0.0115
                priced("gpt-4o-2024-05-13 has its own price", "gpt-4o-2024-05-13", NOW, usage(2000L, 100L, 1000L, null, null, null),
                        "default", "0.0115", "0.005", "0.005", "0", "0.0015"),
                // OpenAI has no write price, so writes at input 2: uncached 2000*2 = 0.004; write 1000*2 = 0.002;
                // output 100*8 = 0.0008; total 0.0068
                priced("missing cache write price falls back to input", "gpt-4.1", NOW, usage(3000L, 100L, null, 1000L, null, null),
                        "default", "0.0068", "0.004", "0", "0.002", "0.0008"),
                // 1h missing -> 5m price 2: uncached 1000*1 = 0.001; write 1000*2 + 1000*2 = 0.004; output 0; total 0.005
                priced("missing 1h write price falls back to 5m write price", "ws-5m-only", NOW, usage(3000L, 0L, null, 2000L, 1000L, null),
                        "workspace", "0.005", "0.001", "0", "0.004", "0"),
                // write 10000 all 1h * 1.6 = 0.016; total 0.016
                priced("claude-3-5-haiku 1h write", "claude-3-5-haiku-latest", NOW, usage(10000L, 0L, null, 10000L, 10000L, null),
                        "default", "0.016", "0", "0", "0.016", "0"),
                // only output reported: input 0; output 100*5 = 0.0005; total 0.0005
                priced("null usage fields count as zero", "claude-haiku-4-5", NOW, usage(null, 100L, null, null, null, null),
                        "default", "0.0005", "0", "0", "0", "0.0005"),
                // a known model with no usage at all costs a known 0, not null
                priced("empty usage on a known model", "gpt-5-nano", NOW, Usage.EMPTY,
                        "default", "0", "0", "0", "0", "0"),
                // 1 token * 0.05 = 0.00000005; 1 * 0.40 = 0.0000004; total 0.00000045
                priced("single tokens on gpt-5-nano", "gpt-5-nano-2025-08-07", NOW, usage(1L, 1L, null, null, null, null),
                        "default", "0.00000045", "0.00000005", "0", "0", "0.0000004"),
                // each part rounds on its own: uncached 1*0.0005e-6 = 5e-10 -> 1e-9; read 5e-10 -> 1e-9; write 5e-10 -> 1e-9;
                // output 1*0.0004e-6 = 4e-10 -> 0; total = sum of rounded parts = 3e-9 (not round(1.9e-9) = 2e-9)
                priced("parts round half-up to 9 decimals and total sums them", "ws-tiny", NOW, usage(3L, 1L, 1L, 1L, null, null),
                        "workspace", "0.000000003", "0.000000001", "0.000000001", "0.000000001", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void pricesCallsByTheApiFormula(Case c) {
        CostBreakdown cost = calculator.cost(c.model(), c.at(), c.usage(), c.client(), WORKSPACE, CostCalculator.defaults());

        assertThat(cost.priceSource()).isEqualTo(c.source());
        assertUsd(cost.total(), c.total());
        assertUsd(cost.input(), c.input());
        assertUsd(cost.cacheRead(), c.cacheRead());
        assertUsd(cost.cacheWrite(), c.cacheWrite());
        assertUsd(cost.output(), c.output());
        if (cost.input() != null) {
            assertThat(cost.input().add(cost.cacheRead()).add(cost.cacheWrite()).add(cost.output()))
                    .isEqualByComparingTo(cost.total());
            assertThat(cost.total().scale()).isEqualTo(CostCalculator.SCALE);
        }
    }

    @Test
    void cacheSavingsAreTheCachedTokensAtTheInputPriceLessWhatTheyCost() {
        // read 8000: at input 8000*3 = 0.024, cost 8000*0.30 = 0.0024; write 1000 (5m): at input 0.003, cost 1000*3.75 = 0.00375
        // savings = 0.024 + 0.003 - 0.0024 - 0.00375 = 0.02085
        CostBreakdown both = calculator.cost("claude-sonnet-4-5", NOW, usage(10000L, 100L, 8000L, 1000L, null, null), null,
                WORKSPACE, CostCalculator.defaults());
        assertUsd(both.cacheSavings(), "0.02085");
        // A write alone only costs its premium: 4000*3 - 4000*3.75 = 0.012 - 0.015 = -0.003
        CostBreakdown write = calculator.cost("claude-sonnet-4-5", NOW, usage(5000L, 100L, null, 4000L, null, null), null,
                WORKSPACE, CostCalculator.defaults());
        assertUsd(write.cacheSavings(), "-0.003");
        // Nothing cached saves nothing; a client cost or an unknown model has no savings to state.
        assertUsd(calculator.cost("claude-sonnet-4-5", NOW, usage(1000L, 500L, null, null, null, null), null, WORKSPACE,
                CostCalculator.defaults()).cacheSavings(), "0");
        assertThat(calculator.cost("gpt-4o", NOW, usage(1000L, 100L, 500L, null, null, null), new BigDecimal("0.1"), WORKSPACE,
                CostCalculator.defaults()).cacheSavings()).isNull();
        assertThat(calculator.cost("mystery-model-1", NOW, usage(1000L, 100L, 500L, null, null, null), null, WORKSPACE,
                CostCalculator.defaults()).cacheSavings()).isNull();
    }

    @Test
    void eventFormUsesDefaultsWhenWorkspaceHasNoPrices() {
        LlmCallEvent call = call("claude-sonnet-4-5", usage(1000L, 500L, null, null, null, null), null);

        CostBreakdown cost = calculator.cost(call, PriceTable.empty());

        // 1000*3 + 500*15 = 0.003 + 0.0075
        assertThat(cost.priceSource()).isEqualTo(CostBreakdown.DEFAULT);
        assertThat(cost.total()).isEqualByComparingTo("0.0105");
        assertThat(calculator.cost(call)).isEqualTo(cost);
    }

    @Test
    void eventFormPrefersWorkspaceAndClientCost() {
        LlmCallEvent call = call("my-finetune", usage(1000L, 100L, null, null, null, null), null);
        // 1000*4 + 100*16 = 0.004 + 0.0016
        assertThat(calculator.cost(call, WORKSPACE).total()).isEqualByComparingTo("0.0056");
        assertThat(calculator.cost(call, PriceTable.empty())).isEqualTo(CostBreakdown.unknownModel());

        LlmCallEvent paid = call("my-finetune", usage(1000L, 100L, null, null, null, null), new BigDecimal("0.5"));
        assertThat(calculator.cost(paid, WORKSPACE)).isEqualTo(CostBreakdown.client(new BigDecimal("0.5")));
    }

    @Test
    void missingTablesMeanNoPriceRatherThanAnError() {
        CostBreakdown cost = calculator.cost("gpt-4o", NOW, usage(1000L, 1L, null, null, null, null), null, null, PriceTable.empty());

        assertThat(cost).isEqualTo(CostBreakdown.unknownModel());
        assertThat(cost.total()).isNull();
    }

    private static void assertUsd(BigDecimal actual, String expected) {
        if (expected == null) {
            assertThat(actual).isNull();
        } else {
            assertThat(actual).isNotNull().isCloseTo(new BigDecimal(expected), within(NANO));
            assertThat(actual).isEqualByComparingTo(expected);
        }
    }

    private static Case priced(String name, String model, Instant at, Usage usage, String source, String total,
                               String input, String cacheRead, String cacheWrite, String output) {
        return new Case(name, model, at, usage, null, source, total, input, cacheRead, cacheWrite, output);
    }

    private static Case unpriced(String name, String model, Instant at, Usage usage) {
        return new Case(name, model, at, usage, null, CostBreakdown.UNKNOWN_MODEL, null, null, null, null, null);
    }

    private static Usage usage(Long input, Long output, Long cacheRead, Long cacheWrite, Long cacheWrite1h, Long reasoning) {
        return new Usage(input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning);
    }

    static Price price(String model, String from, long minInputTokens, String input, String output,
                       String cacheRead, String cacheWrite, String cacheWrite1h) {
        return new Price(model, List.of(), Instant.parse(from), minInputTokens, new BigDecimal(input), new BigDecimal(output),
                decimal(cacheRead), decimal(cacheWrite), decimal(cacheWrite1h), CostBreakdown.WORKSPACE, null, null);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    private static LlmCallEvent call(String model, Usage usage, BigDecimal costUsd) {
        return new LlmCallEvent("ws", "e1", null, null, NOW, 10L, "c1", "test", model, null, null, null, null,
                usage, costUsd, null, null);
    }
}
