package io.apilogs.model.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * The texts content search reads in a stored JSON value (issue 26): each string and number, one text apiece, so a
 * match never spans two of them and never meets JSON's quoting. In messages and tool calls ({@code structural}) the
 * values of {@code role} and {@code type} are left out: they are the format's, not anybody's words, and would make
 * "user" or "text" match every call. The writer computes the index keys and the reader checks the candidates with this
 * same function over the same JSON, so what one indexes is what the other finds.
 */
public final class SearchTexts {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private SearchTexts() {
    }

    /** The texts of a JSON document given as text. */
    public static void json(String json, boolean structural, Consumer<String> out) {
        if (json == null || json.isEmpty()) {
            return;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            read(parser, structural, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored JSON value does not parse", e);
        }
    }

    /**
     * The index keys of a JSON document given as UTF-8 bytes: its texts, as {@link #json} reads them, fed to the keys
     * straight from the parser's buffer (the writer's path: no string per text).
     */
    public static void keys(byte[] utf8, int offset, int length, boolean structural, SearchGrams.Collector keys, TextKeyCache cache) {
        try (JsonParser parser = JSON.createParser(utf8, offset, length)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
                        && !(structural && isStructural(parser.currentName()))) {
                    keys.add(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), cache);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON value does not parse", e);
        }
    }

    private static void read(JsonParser parser, boolean structural, Consumer<String> out) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            switch (token) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (!(structural && isStructural(parser.currentName()))) {
                        out.accept(parser.getText());
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean isStructural(String name) {
        return "role".equals(name) || "type".equals(name);
    }
}
