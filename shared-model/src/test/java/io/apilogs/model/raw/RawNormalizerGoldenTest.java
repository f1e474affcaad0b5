package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.validation.UsageRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every {@code golden/<format>/<case>.json}: {@code input} is a {@code raw} capture written from the
 * providers' documented shapes, {@code expected} is every {@link Derived} field, nulls included, so a field that
 * starts being derived (or stops) fails a case instead of slipping through.
 */
class RawNormalizerGoldenTest {
    // Default inclusion on purpose: the comparison must see nulls.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path root = root();
        return goldenFiles(root).stream().map(file -> Arguments.of(root.relativize(file).toString(), file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivesTheExpectedFields(String name, Path file) throws IOException {
        JsonNode golden = MAPPER.readTree(file.toFile());
        assertThat(golden.path("input").path("format").asText())
                .as("the folder names the format").isEqualTo(file.getParent().getFileName().toString());

        RawNormalizer.Result result = RawNormalizer.normalize(golden.get("input"));

        assertThat(result.errors()).as(name).isEmpty();
        // Through text, so Long counts compare equal to the int nodes the golden file parses into.
        JsonNode actual = MAPPER.readTree(MAPPER.writeValueAsString(result.derived()));
        assertThat(actual).as("%s, derived:%n%s", name, actual.toPrettyString()).isEqualTo(golden.get("expected"));
        if (result.derived().usage() != null) {
            assertThat(UsageRules.check(result.derived().usage(), "usage")).as("single token meaning").isEmpty();
        }
    }

    @Test
    void everyFormatHasAtLeastThreeCases() throws IOException, URISyntaxException {
        Path root = root();
        for (RawFormat format : RawFormat.values()) {
            assertThat(goldenFiles(root.resolve(format.wireName()))).as(format.wireName()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    private static Path root() throws URISyntaxException {
        return Path.of(RawNormalizerGoldenTest.class.getResource("/golden").toURI());
    }

    private static List<Path> goldenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
