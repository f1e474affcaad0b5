package io.apilogs.model.raw;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.apilogs.model.FuzzJson;
import io.apilogs.model.UsageChecks;
import io.apilogs.model.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three provider formats, through {@link RawNormalizer} as the event parser calls it, on captures built over
 * the providers' field names: only a derivation or a list of {@code raw.}-rooted errors may come out, never an
 * exception, and a derivation keeps API.md's token meaning.
 */
class RawNormalizerFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void normalizesAnyCapture(FuzzedDataProvider data) {
        RawNormalizer.Result result = RawNormalizer.normalize(FuzzJson.rawCapture(data));

        assertThat(result.derived() == null).as("derived exactly when there are no errors").isEqualTo(!result.errors().isEmpty());
        for (FieldError error : result.errors()) {
            assertThat(error.field()).startsWith("raw");
        }
        Derived derived = result.derived();
        if (derived != null) {
            assertThat(derived.provider()).isIn("anthropic", "openai");
            assertThat(derived.messages()).isNotNull();
            assertThat(derived.toolCalls()).doesNotContainNull();
            if (derived.usage() != null) {
                UsageChecks.check(derived.usage());
            }
        }
    }
}
