package io.apilogs.ingest.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.apilogs.ingest.limits.ChargedNodes;
import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.model.Json;
import io.apilogs.model.api.Problem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /v1/events} as a stream, one event's tree at a time, counting as it goes: a batch
 * over the event limit is refused at the first event past it, before any more is built. A body of 1.7 million empty
 * objects (5 KB gzipped) once became 1.7 million nodes, then an OutOfMemoryError. The parser also stops at
 * {@code maxTokens} JSON tokens in all, which bounds the trees of a body whatever its shape (a few nested events can
 * hold as many values as a million empty ones), and the request is charged for the tokens as its trees grow.
 */
final class BatchReader {
    private final ObjectMapper mapper;
    /** Reads one event's tree where the parser stands; the rest of the body follows it. */
    private final ObjectReader trees;
    private final int maxEvents;
    private final int maxDepth;

    BatchReader(int maxDepth, int maxBodyBytes, long maxTokens, int maxEvents) {
        this.mapper = Json.untrusted(maxDepth, maxBodyBytes, maxTokens);
        this.trees = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxEvents = maxEvents;
        this.maxDepth = maxDepth;
    }

    /** The events of the body, or {@link BatchRejected} (400) saying what is wrong with it as a whole. */
    List<JsonNode> read(byte[] body) {
        return read(body, TreeCharge.NONE);
    }

    /**
     * The same, charging {@code charge} for the tokens of the trees as they are built ({@link ChargedNodes}): a body
     * whose trees the request may not hold is refused by the charge before they grow further.
     */
    List<JsonNode> read(byte[] body, TreeCharge charge) {
        try (JsonParser parser = mapper.createParser(body)) {
            ChargedNodes nodes = new ChargedNodes(parser, charge);
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new BatchRejected(Problem.of(400, "Bad Request", "the body is empty"));
            }
            if (token != JsonToken.START_OBJECT) {
                throw new BatchRejected(Problem.of(400, "Bad Request", "the body must be a JSON object {\"events\": [...]}"));
            }
            // What "events" held (null when absent), and its events when that was an array.
            JsonToken found = null;
            List<JsonNode> events = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (!"events".equals(parser.currentName())) {
                    parser.nextToken();
                    parser.skipChildren();
                    continue;
                }
                found = parser.nextToken();
                if (found == JsonToken.START_ARRAY) {
                    events = readArray(parser, trees.with(nodes));
                    nodes.settle();
                } else {
                    events = List.of();
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new BatchRejected(Problem.of(400, "Bad Request", "the body is not valid JSON: there is more after its object"));
            }
            if (found == null || found == JsonToken.VALUE_NULL) {
                throw new BatchRejected(Problem.invalidField("events", "is required"));
            }
            if (found != JsonToken.START_ARRAY) {
                throw new BatchRejected(Problem.invalidField("events", "must be an array"));
            }
            if (events.isEmpty()) {
                throw new BatchRejected(Problem.invalidField("events", "must not be empty"));
            }
            return events;
        } catch (StreamConstraintsException e) {
            String detail = e.getMessage() != null && e.getMessage().contains("nesting depth")
                    ? "the body is nested deeper than " + maxDepth + " levels"
                    : "the body exceeds a parser limit: " + e.getOriginalMessage();
            throw new BatchRejected(Problem.of(400, "Bad Request", detail));
        } catch (JsonProcessingException e) {
            String repeated = Json.duplicateKeyPath(e);
            if (repeated != null) {
                throw new BatchRejected(Problem.invalidField(repeated, "is repeated; a JSON object may name each key once"));
            }
            throw new BatchRejected(Problem.of(400, "Bad Request", "the body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BatchRejected(Problem.of(400, "Bad Request", "the body could not be read"));
        }
    }

    private List<JsonNode> readArray(JsonParser parser, ObjectReader trees) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (events.size() == maxEvents) {
                throw new BatchRejected(Problem.invalidField("events", "must have at most " + maxEvents + " events"));
            }
            JsonNode event = trees.readTree(parser);
            events.add(event);
        }
        return events;
    }
}
