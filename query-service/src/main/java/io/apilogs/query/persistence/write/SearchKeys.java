package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Json;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.query.persistence.PoisonEventException;
import io.apilogs.model.search.SearchGrams;
import io.apilogs.model.search.SearchTexts;
import io.apilogs.model.search.TextKeyCache;

import java.util.Map;

/**
 * The content search keys of an item (issue 26), stored with its bodies row as {@code search_keys int4[]}: the keys
 * ({@link SearchGrams}) of every text content search reads in it, gathered from the same JSON the bodies row stores
 * ({@link SearchTexts}), as a PostgreSQL array literal. Null when the item has no text.
 */
final class SearchKeys {
    /**
     * The keys of texts read lately, by content: 8 MB at most (texts and keys), shared by the writer's consumers
     * (docs/deploy.md, Memory).
     */
    static final TextKeyCache CACHE = new TextKeyCache(io.apilogs.query.config.QueryMemory.SEARCH_KEY_CACHE_MB << 20);

    private SearchKeys() {
    }

    static String call(LlmCallEvent call) {
        SearchGrams.Collector keys = new SearchGrams.Collector(256);
        json(keys, call.messages(), true);
        response(keys, call.response());
        error(keys, call.error());
        json(keys, call.attributes(), false);
        labels(keys, call.labels());
        return literal(keys);
    }

    /** Content that fills in a stored call: what it adds, to be joined with the stored keys. */
    static String content(ContentMerge.Piece piece) {
        SearchGrams.Collector keys = new SearchGrams.Collector(256);
        json(keys, piece.messages(), true);
        response(keys, piece.response());
        return literal(keys);
    }

    /** The keys of a plain text (a system prompt), by way of the cache: a prompt comes again with every call that uses it. */
    static String text(String text) {
        if (text == null) {
            return null;
        }
        SearchGrams.Collector keys = new SearchGrams.Collector(256);
        char[] chars = text.toCharArray();
        keys.add(chars, 0, chars.length, CACHE);
        return literal(keys);
    }

    static String tool(ToolExecutionEvent tool) {
        SearchGrams.Collector keys = new SearchGrams.Collector(256);
        json(keys, tool.input(), false);
        json(keys, tool.result(), false);
        error(keys, tool.error());
        json(keys, tool.attributes(), false);
        labels(keys, tool.labels());
        return literal(keys);
    }

    static String http(HttpRequestEvent http) {
        SearchGrams.Collector keys = new SearchGrams.Collector(256);
        keys.add(http.url());
        json(keys, http.requestBody(), false);
        json(keys, http.responseBody(), false);
        error(keys, http.error());
        json(keys, http.attributes(), false);
        labels(keys, http.labels());
        return literal(keys);
    }

    private static void response(SearchGrams.Collector keys, LlmResponse response) {
        if (response == null) {
            return;
        }
        keys.add(response.text()).add(response.thinking());
        for (ToolCall toolCall : response.toolCalls()) {
            keys.add(toolCall.id()).add(toolCall.name());
            json(keys, toolCall.input(), true);
        }
    }

    private static void error(SearchGrams.Collector keys, ErrorInfo error) {
        if (error != null) {
            keys.add(error.type()).add(error.message());
            if (error.httpStatus() != null) {
                keys.add(error.httpStatus().toString());
            }
        }
    }

    /** User id and name, tags, and metadata values, as the stored labels JSON has them. */
    private static void labels(SearchGrams.Collector keys, Labels labels) {
        if (labels == null) {
            return;
        }
        if (labels.user() != null) {
            keys.add(labels.user().id()).add(labels.user().name());
        }
        labels.tags().forEach(keys::add);
        if (labels.metadata() != null) {
            for (Map.Entry<String, JsonNode> field : labels.metadata().properties()) {
                JsonNode value = field.getValue();
                if (value.isTextual() || value.isNumber()) {
                    keys.add(value.asText());
                }
            }
        }
    }

    /** The texts of a JSON value: from the record's own bytes when the writer kept them ({@link RawJson}). */
    private static void json(SearchGrams.Collector keys, JsonNode value, boolean structural) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        RawJson raw = RawJson.of(value);
        if (raw != null) {
            SearchTexts.keys(raw.source(), raw.offset(), raw.length(), structural, keys, CACHE);
        } else if (value.isTextual()) {
            keys.add(value.textValue());
        } else {
            try {
                byte[] bytes = Json.CANONICAL.writeValueAsBytes(value);
                SearchTexts.keys(bytes, 0, bytes.length, structural, keys, CACHE);
            } catch (JsonProcessingException e) {
                throw new PoisonEventException("a field of the event cannot be written as JSON", e);
            }
        }
    }

    private static String literal(SearchGrams.Collector keys) {
        if (keys.isEmpty()) {
            return null;
        }
        int[] sorted = keys.keys();
        StringBuilder out = new StringBuilder(sorted.length * 7 + 2).append('{');
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(sorted[i]);
        }
        return out.append('}').toString();
    }
}
