package io.apilogs.ingest.otlp;

import java.io.ByteArrayOutputStream;

/** OTLP protobuf exports that are tiny gzipped and huge parsed, written byte by byte. */
public final class OtlpBombs {
    private OtlpBombs() {
    }

    /** One ResourceSpans holding one ScopeSpans holding {@code spans} empty spans ({@code 12 00} each). */
    public static byte[] emptySpans(int spans) {
        return wrap(0x0a, wrap(0x12, repeat(0x12, spans)));
    }

    /** One span holding {@code count} empty attributes ({@code 4a 00} each). */
    public static byte[] emptyAttributes(int count) {
        return wrap(0x0a, wrap(0x12, wrap(0x12, repeat(0x4a, count))));
    }

    private static byte[] repeat(int tag, int count) {
        byte[] out = new byte[2 * count];
        for (int i = 0; i < count; i++) {
            out[2 * i] = (byte) tag;
        }
        return out;
    }

    static byte[] wrap(int tag, byte[] inner) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = inner.length;
        while ((length & ~0x7f) != 0) {
            out.write((length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(inner);
        return out.toByteArray();
    }
}
