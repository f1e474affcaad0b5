package io.apilogs.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;

/** The JSON mappers of the project: one for the canonical event form, one for untrusted input with limits. */
public final class Json {
    /** Canonical form: nulls left out, Instants as ISO strings, BigDecimals as plain numbers. */
    public static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("fast-instants")
                    .addDeserializer(java.time.Instant.class, new FastInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    /** Reads the canonical form's instants through {@link FastInstant}, anything else as Jackson's own deserializer does. */
    static final class FastInstantDeserializer extends com.fasterxml.jackson.databind.JsonDeserializer<java.time.Instant> {
        @Override
        public java.time.Instant deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                             com.fasterxml.jackson.databind.DeserializationContext context) throws java.io.IOException {
            if (parser.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                java.time.Instant fast = FastInstant.parse(parser.getText().trim());
                if (fast != null) {
                    return fast;
                }
            }
            return com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    /**
     * A mapper for untrusted request bodies: bounded nesting, exact decimals (see {@link #untrustedFactory}), and a
     * repeated key in an object is an error ({@link #duplicateKeyPath} names it).
     */
    public static ObjectMapper untrusted(int maxNestingDepth, int maxStringLength) {
        return untrusted(maxNestingDepth, maxStringLength, -1);
    }

    /** The same, also stopping at {@code maxTokens} JSON tokens in one document (-1: no limit), which bounds its tree. */
    public static ObjectMapper untrusted(int maxNestingDepth, int maxStringLength, long maxTokens) {
        return JsonMapper.builder(untrustedFactory(maxNestingDepth, maxStringLength, maxTokens))
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * The field path ({@code events[0].eventId}) of the key that a strict parser refused as a repeat, or null when the
     * failure is not a repeated key.
     */
    public static String duplicateKeyPath(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null || !message.startsWith("Duplicate field") || !(e.getProcessor() instanceof JsonParser parser)) {
            return null;
        }
        return path(parser.getParsingContext());
    }

    /** A parsing context as a field path: object keys joined by dots, array indexes in brackets. */
    public static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        java.util.ArrayDeque<JsonStreamContext> chain = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
            } else if (c.getCurrentName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(c.getCurrentName());
            }
        }
        return path.toString();
    }

    /**
     * A parser factory for untrusted text: bounded nesting and string length, and a number that Java cannot hold
     * (such as {@code 1e99999999999}, whose exponent overflows a {@link BigDecimal}) is a parse error, a
     * {@link JsonParseException}, like any other malformed input. Jackson itself throws a bare
     * {@link NumberFormatException} there, which callers that expect only I/O and parse errors would let through.
     */
    public static JsonFactory untrustedFactory(int maxNestingDepth, int maxStringLength) {
        return untrustedFactory(maxNestingDepth, maxStringLength, -1);
    }

    public static JsonFactory untrustedFactory(int maxNestingDepth, int maxStringLength, long maxTokens) {
        StreamReadConstraints.Builder constraints = StreamReadConstraints.builder()
                .maxNestingDepth(maxNestingDepth)
                .maxStringLength(maxStringLength);
        if (maxTokens > 0) {
            constraints.maxTokenCount(maxTokens);
        }
        return new UntrustedFactory(new JsonFactoryBuilder().streamReadConstraints(constraints.build()));
    }

    private static final class UntrustedFactory extends JsonFactory {
        UntrustedFactory(JsonFactoryBuilder builder) {
            super(builder);
        }

        private UntrustedFactory(UntrustedFactory source) {
            super(source, null);
        }

        @Override
        public JsonFactory copy() {
            return new UntrustedFactory(this);
        }

        @Override
        protected JsonParser _createParser(InputStream in, IOContext context) throws IOException {
            return new NumbersAsParseErrors(super._createParser(in, context));
        }

        @Override
        protected JsonParser _createParser(Reader reader, IOContext context) throws IOException {
            return new NumbersAsParseErrors(super._createParser(reader, context));
        }

        @Override
        protected JsonParser _createParser(char[] data, int offset, int length, IOContext context, boolean recyclable)
                throws IOException {
            return new NumbersAsParseErrors(super._createParser(data, offset, length, context, recyclable));
        }

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int length, IOContext context) throws IOException {
            return new NumbersAsParseErrors(super._createParser(data, offset, length, context));
        }

        @Override
        protected JsonParser _createParser(DataInput input, IOContext context) throws IOException {
            return new NumbersAsParseErrors(super._createParser(input, context));
        }
    }

    /** Turns the runtime exceptions of number decoding into parse errors at the number's location. */
    private static final class NumbersAsParseErrors extends JsonParserDelegate {
        private interface Read<T> {
            T get() throws IOException;
        }

        NumbersAsParseErrors(JsonParser parser) {
            super(parser);
        }

        private <T> T number(Read<T> read) throws IOException {
            try {
                return read.get();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new JsonParseException(this, "number cannot be represented: " + e.getMessage(), e);
            }
        }

        @Override
        public BigDecimal getDecimalValue() throws IOException {
            return number(super::getDecimalValue);
        }

        @Override
        public BigInteger getBigIntegerValue() throws IOException {
            return number(super::getBigIntegerValue);
        }

        @Override
        public double getDoubleValue() throws IOException {
            return number(super::getDoubleValue);
        }

        @Override
        public float getFloatValue() throws IOException {
            return number(super::getFloatValue);
        }

        @Override
        public long getLongValue() throws IOException {
            return number(super::getLongValue);
        }

        @Override
        public int getIntValue() throws IOException {
            return number(super::getIntValue);
        }

        @Override
        public Number getNumberValue() throws IOException {
            return number(super::getNumberValue);
        }

        @Override
        public Number getNumberValueExact() throws IOException {
            return number(super::getNumberValueExact);
        }

        @Override
        public Object getNumberValueDeferred() throws IOException {
            return number(super::getNumberValueDeferred);
        }

        @Override
        public double getValueAsDouble() throws IOException {
            return number(super::getValueAsDouble);
        }

        @Override
        public long getValueAsLong() throws IOException {
            return number(super::getValueAsLong);
        }

        @Override
        public int getValueAsInt() throws IOException {
            return number(super::getValueAsInt);
        }
    }
}
