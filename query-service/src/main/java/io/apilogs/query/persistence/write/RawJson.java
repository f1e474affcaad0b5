package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.apilogs.model.Json;
import io.apilogs.model.event.Event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A JSON value the writer keeps as the bytes of the Kafka record it came in, instead of building a tree of it and
 * writing the tree back as text: a message, a tool input or result, a body. Those are stored as JSON text and never
 * looked into by the writer, and for a 10 KB message building and writing back the tree was a third of the writer's
 * CPU. The bytes are those ingest wrote in canonical form, so they are compact JSON that the record's parse has
 * already checked, UTF-8 included (PostgreSQL checks it again when it stores them).
 *
 * <p>Read events with {@link #read}: every {@link JsonNode} field of an event that is an array, an object or a
 * string comes as a {@code POJONode} holding a {@code RawJson}; numbers, booleans and nulls come as usual. Where the
 * parser does not read straight from the record's bytes (it never happens for the canonical form, whose type comes
 * first) the usual tree is built instead.
 */
public final class RawJson implements JsonSerializable {
    private static final Object SOURCE = RawJson.class;
    private static final ObjectReader EVENTS = Json.CANONICAL.copy()
            .registerModule(new SimpleModule("raw-json").addDeserializer(JsonNode.class, new Deserializer()))
            .readerFor(Event.class);

    private final byte[] source;
    private final int offset;
    private final int length;

    RawJson(byte[] source, int offset, int length) {
        this.source = source;
        this.offset = offset;
        this.length = length;
    }

    /** Reads one canonical event from a Kafka record's bytes, its JSON fields as slices of those bytes. */
    public static Event read(byte[] record) throws IOException {
        return EVENTS.withAttribute(SOURCE, record).readValue(record);
    }

    /** The slice a node holds, or null when it is an ordinary node. */
    static RawJson of(Object value) {
        return value instanceof POJONode pojo && pojo.getPojo() instanceof RawJson raw ? raw : null;
    }

    byte[] source() {
        return source;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    @Override
    public String toString() {
        return new String(source, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(toString());
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
        serialize(gen, serializers);
    }

    /** Slices arrays, objects and strings out of the record being read; anything else is read as a tree. */
    static final class Deserializer extends JsonDeserializer<JsonNode> {
        @SuppressWarnings("unchecked")
        private static final JsonDeserializer<JsonNode> TREE =
                (JsonDeserializer<JsonNode>) (JsonDeserializer<?>) JsonNodeDeserializer.getDeserializer(JsonNode.class);

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            boolean sliceable = token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT || token == JsonToken.VALUE_STRING;
            if (!(ctxt.getAttribute(SOURCE) instanceof byte[] source) || !sliceable || !readsBytes(p)) {
                return TREE.deserialize(p, ctxt);
            }
            long start = p.currentTokenLocation().getByteOffset();
            if (token == JsonToken.VALUE_STRING) {
                p.finishToken();
            } else {
                p.skipChildren();
            }
            long end = p.currentLocation().getByteOffset();
            if (start < 0 || end > source.length || end <= start) {
                throw new IOException("a JSON value's place in the record could not be found (" + start + ".." + end + ")");
            }
            return new POJONode(new RawJson(source, (int) start, (int) (end - start)));
        }

        /** An explicit {@code null}, as Jackson's own tree deserializer reads it. */
        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) {
            return NullNode.getInstance();
        }

        /** An absent field is null, as with Jackson's own tree deserializer (not a NullNode). */
        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }

        /** Whether the parser reads the record's bytes themselves, so byte offsets are offsets into them. */
        private static boolean readsBytes(JsonParser p) {
            JsonParser parser = p;
            while (parser instanceof JsonParserDelegate delegate) {
                parser = delegate.delegate();
            }
            return parser instanceof UTF8StreamJsonParser;
        }
    }
}
