package io.apilogs.model.raw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawFormatTest {
    @Test
    void wireNamesRoundTrip() {
        for (RawFormat format : RawFormat.values()) {
            assertThat(RawFormat.fromWire(format.wireName())).isSameAs(format);
        }
        assertThat(RawFormat.OPENAI_RESPONSES.wireName()).isEqualTo("openai.responses");
    }

    @Test
    void unknownOrDifferentlyCasedNamesAreNull() {
        assertThat(RawFormat.fromWire("openai.completions")).isNull();
        assertThat(RawFormat.fromWire("Anthropic.Messages")).isNull();
        assertThat(RawFormat.fromWire(null)).isNull();
    }
}
