package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.apilogs.model.Json;
import io.apilogs.query.persistence.PoisonEventException;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** How event fields become column values: JSON text in the canonical form; keys of rows by workspace. */
final class Values {
    private Values() {
    }

    /** An item's filter values ({@link ItemValues}) as a JSON array, or null when it has none. */
    static String labelValues(io.apilogs.model.event.Event event) {
        java.util.List<String> values = ItemValues.of(event);
        return values.isEmpty() ? null : json(values);
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("a field of the event cannot be written as JSON", e);
        }
    }

    /**
     * The same JSON text as {@link #json}, as UTF-8 bytes for {@link io.apilogs.query.persistence.SqlArrays#utf8}: a
     * value read as a {@link RawJson} slice goes as the record's own bytes, without a copy.
     */
    static Buffer jsonUtf8(Object value) {
        if (value == null) {
            return null;
        }
        RawJson raw = RawJson.of(value);
        if (raw != null) {
            return Buffer.buffer(Unpooled.wrappedBuffer(raw.source(), raw.offset(), raw.length()));
        }
        try {
            return Buffer.buffer(Json.CANONICAL.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("a field of the event cannot be written as JSON", e);
        }
    }

    /** A text as UTF-8 bytes for {@link io.apilogs.query.persistence.SqlArrays#utf8}; null for null. */
    static Buffer utf8(String text) {
        return text == null ? null : Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A sum of token counts that refuses to wrap: the events that make it are refused (and stored one by one, so only
     * the one that overflows is dead-lettered) rather than storing a negative total. Ingest's bound of a billion tokens
     * per call keeps every real batch far from it.
     */
    static long add(long sum, long tokens) {
        try {
            return Math.addExact(sum, tokens);
        } catch (ArithmeticException e) {
            throw new PoisonEventException("a sum of token counts passes the largest bigint", e);
        }
    }

    /** A key for maps of rows: workspace and id, which never contain NUL. */
    static String key(String workspaceId, String id) {
        return workspaceId + '\u0000' + id;
    }
}
