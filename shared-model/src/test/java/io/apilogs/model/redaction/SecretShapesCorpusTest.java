package io.apilogs.model.redaction;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code redaction/secret-shapes.tsv}: every case where it says, and each result redacted again unchanged. */
class SecretShapesCorpusTest {
    private static final String CORPUS = "/redaction/secret-shapes.tsv";

    static List<Arguments> corpus() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = SecretShapesCorpusTest.class.getResourceAsStream(CORPUS)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].startsWith("#")) {
                    continue;
                }
                String[] columns = lines[i].split("\t", -1);
                assertThat(columns).as("line %d has where, input, expected", i + 1).hasSize(3);
                String input = unescape(columns[1]);
                String expected = columns[2].equals("=") ? input : unescape(columns[2]);
                cases.add(Arguments.of(columns[0] + ":" + (i + 1), columns[0], input, expected));
            }
        }
        return cases;
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void redactsShapesWhereverTheyStand(String label, String where, String input, String expected) {
        String once = redact(where, input);
        assertThat(once).isEqualTo(expected);
        assertThat(redact(where, once)).as("idempotent").isEqualTo(once);
    }

    /** Near-misses packed together must stay linear: a body may be several MB, and anything quadratic would take hours on 1 MiB. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sk-", "sk-aaaaaaaaaaaaaaaaaaaaaaaa ", "eyJ", "eyJaaaaaaaa.", "eyJaaaaaaaa..", "AKIA", "ghp_", "xoxb-",
            "github_pat_", " AIza", "a=sk-1&", "%20sk-", "{\"k\":\"eyJ\"},"})
    @Timeout(5)
    void aMegabyteOfNearMissesStaysFast(String unit) {
        String body = unit.repeat(1024 * 1024 / unit.length());
        for (String where : List.of("text", "form", "header")) {
            assertThat(redact(where, body)).isNotNull();
        }
    }

    private static String redact(String where, String input) {
        return switch (where) {
            case "header" -> {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("X-Custom", input);
                yield Redactor.redactHeaders(headers).get("X-Custom");
            }
            case "url" -> Redactor.redactUrl(input);
            case "json" -> Redactor.redactBodyText(input, "application/json");
            case "form" -> Redactor.redactBodyText(input, "application/x-www-form-urlencoded");
            case "text" -> Redactor.redactBodyText(input, "text/plain; charset=utf-8");
            case "body" -> Redactor.redactBodyText(input, null);
            default -> throw new IllegalArgumentException("unknown place " + where);
        };
    }
}
