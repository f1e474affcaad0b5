package io.apilogs.ingest.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;

/**
 * Counts an OTLP protobuf trace export's spans (or a logs export's records) and values on the wire, allocating
 * nothing, before it is parsed: an
 * export of 2.4 million empty spans ({@code 12 00} repeated) gzips to 4.7 KB and once became 2.4 million objects.
 * The walk follows the messages of {@code opentelemetry/proto/trace/v1/trace.proto} (or {@code logs/v1/logs.proto},
 * which nests the same way: resource, scope, record) and {@code common.proto} that can repeat; anything else is
 * skipped as the parser would.
 */
final class OtlpWire {
    /** The messages walked, each knowing which of its fields hold which message. */
    private enum Message {
        REQUEST, RESOURCE_SPANS, RESOURCE, SCOPE_SPANS, SCOPE, SPAN, LOG_RECORD, EVENT, LINK, KEY_VALUE, ANY_VALUE, ARRAY_VALUE, KV_LIST;

        Message child(int field) {
            return switch (this) {
                case REQUEST -> field == 1 ? RESOURCE_SPANS : null;
                case RESOURCE_SPANS -> field == 1 ? RESOURCE : field == 2 ? SCOPE_SPANS : null;
                case RESOURCE -> field == 1 ? KEY_VALUE : null;
                case SCOPE_SPANS -> field == 1 ? SCOPE : field == 2 ? SPAN : null;
                case SCOPE -> field == 3 ? KEY_VALUE : null;
                case SPAN -> field == 9 ? KEY_VALUE : field == 11 ? EVENT : field == 13 ? LINK : null;
                case LOG_RECORD -> field == 5 ? ANY_VALUE : field == 6 ? KEY_VALUE : null;
                case EVENT -> field == 3 ? KEY_VALUE : null;
                case LINK -> field == 4 ? KEY_VALUE : null;
                case KEY_VALUE -> field == 2 ? ANY_VALUE : null;
                case ANY_VALUE -> field == 5 ? ARRAY_VALUE : field == 6 ? KV_LIST : null;
                case ARRAY_VALUE -> field == 1 ? ANY_VALUE : null;
                case KV_LIST -> field == 1 ? KEY_VALUE : null;
            };
        }
    }

    /** Nested messages deeper than protobuf's own default recursion limit are refused, as its parser would. */
    static final int MAX_DEPTH = 100;

    /** What the export holds: spans, and values (fields, with two more for each message) that parsing will build. */
    record Count(int spans, long values) {
    }

    private final int maxSpans;
    private final Signal signal;
    private int spans;
    private long values;

    private OtlpWire(int maxSpans, Signal signal) {
        this.maxSpans = maxSpans;
        this.signal = signal;
    }

    /** Counts, or {@link OtlpDecoder.Malformed} at the first span past {@code maxSpans} or when the wire is broken. */
    static Count count(byte[] body, int maxSpans) throws OtlpDecoder.Malformed {
        return count(body, maxSpans, Signal.TRACES);
    }

    /** Counts the spans or log records of {@code signal}'s export. */
    static Count count(byte[] body, int maxSpans, Signal signal) throws OtlpDecoder.Malformed {
        OtlpWire wire = new OtlpWire(maxSpans, signal);
        CodedInputStream in = CodedInputStream.newInstance(body);
        try {
            wire.walk(in, Message.REQUEST, 0);
        } catch (IOException e) {
            throw new OtlpDecoder.Malformed("the body is not an OTLP " + signal.request + ": " + e.getMessage());
        }
        return new Count(wire.spans, wire.values);
    }

    private void walk(CodedInputStream in, Message message, int depth) throws IOException, OtlpDecoder.Malformed {
        if (depth > MAX_DEPTH) {
            throw new OtlpDecoder.Malformed("the body is not an OTLP " + signal.request + ": nested deeper than " + MAX_DEPTH);
        }
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            values++;
            int field = WireFormat.getTagFieldNumber(tag);
            Message child = message.child(field);
            if (child == Message.SPAN && signal == Signal.LOGS) {
                child = Message.LOG_RECORD;
            }
            if (child == null || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (!in.skipField(tag)) {
                    return; // an end-group tag: the parser refuses it
                }
                continue;
            }
            if ((child == Message.SPAN || child == Message.LOG_RECORD) && ++spans > maxSpans) {
                throw new OtlpDecoder.Malformed(signal.tooMany(maxSpans));
            }
            values += 2;
            int length = in.readRawVarint32();
            int limit = in.pushLimit(length);
            walk(in, child, depth + 1);
            in.popLimit(limit);
        }
    }
}
