package io.apilogs.model.redaction;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Fuzzed in a JVM of its own (Jazzer fuzzes one test per JVM), beside {@link RedactorFuzzTest}. */
class TextRedactionFuzzTest {
    /** Free text and content redaction (issue 22) never throw, and a second pass changes nothing. */
    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"password", ": ", "=", "'", "\"", ";", "Bearer ", "Basic ", "-----BEGIN RSA PRIVATE KEY-----", "-----END ",
            "PRIVATE KEY-----", "https://", "://", "@", "?token=", "<pwd>", "</pwd>", "Content-Disposition: form-data; name=\"token\"",
            "--", "hooks.slack.com/services/", ";jsessionid="})
    void freeTextRedactionIsTotalAndIdempotent(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        String once = Redactor.redactText(text);
        assertThat(Redactor.redactText(once)).isEqualTo(once);
        String content = Redactor.redactContent(text);
        assertThat(Redactor.redactContent(content)).isEqualTo(content);
    }
}
