package io.apilogs.ingest.limits;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A node factory that charges the request for the JSON tokens its parser has read, every {@value #EVERY} nodes it
 * builds: a tree can never grow more than that many nodes past what the request's budget allowed. Reading a body
 * into trees through it costs nothing extra (the parser counts tokens anyway, for {@code maxTokenCount}).
 * Charges are in tokens; {@link TreeCharge#BYTES_PER_VALUE} turns them into bytes.
 */
public final class ChargedNodes extends JsonNodeFactory {
    static final int EVERY = 1024;

    private final transient JsonParser parser;
    private final transient TreeCharge charge;
    private long charged;
    private int built;

    public ChargedNodes(JsonParser parser, TreeCharge charge) {
        super(false);
        this.parser = parser;
        this.charge = charge;
    }

    /**
     * Charges every token read so far; the reader calls it once the trees are read. A parser counts tokens only under
     * a token limit ({@code APILOGS_INGEST_MAX_JSON_TOKENS}); without one, two tokens are charged per node built.
     */
    public void settle() {
        long counted = parser.currentTokenCount();
        long tokens = counted > 0 ? counted : 2L * built;
        if (tokens > charged) {
            long more = tokens - charged;
            charged = tokens;
            charge.values(more);
        }
    }

    private void built() {
        if (++built % EVERY == 0) {
            settle();
        }
    }

    @Override
    public ObjectNode objectNode() {
        built();
        return super.objectNode();
    }

    @Override
    public ArrayNode arrayNode() {
        built();
        return super.arrayNode();
    }

    @Override
    public ArrayNode arrayNode(int capacity) {
        built();
        return super.arrayNode(capacity);
    }

    @Override
    public TextNode textNode(String text) {
        built();
        return super.textNode(text);
    }

    @Override
    public NumericNode numberNode(int v) {
        built();
        return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(long v) {
        built();
        return super.numberNode(v);
    }

    @Override
    public ValueNode numberNode(BigInteger v) {
        built();
        return super.numberNode(v);
    }

    @Override
    public ValueNode numberNode(BigDecimal v) {
        built();
        return super.numberNode(v);
    }

    @Override
    public NumericNode numberNode(double v) {
        built();
        return super.numberNode(v);
    }

    @Override
    public com.fasterxml.jackson.databind.node.BooleanNode booleanNode(boolean v) {
        built();
        return super.booleanNode(v);
    }

    @Override
    public com.fasterxml.jackson.databind.node.NullNode nullNode() {
        built();
        return super.nullNode();
    }
}
