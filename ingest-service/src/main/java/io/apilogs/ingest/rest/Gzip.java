package io.apilogs.ingest.rest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Inflates a gzip body with a bound on the inflated size, checked while inflating: a bomb stops at the bound. */
final class Gzip {
    /** The inflated body would exceed the bound. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("inflated body too large", null);
        }
    }

    /** The service's budget for body bytes (see {@code BodyBudget}) has no room for the inflated bytes. */
    static final class OverBudget extends IOException {
        OverBudget() {
            super("no room for the inflated body", null);
        }
    }

    private Gzip() {
    }

    /** @throws TooLarge past {@code maxBytes}; another IOException when the bytes are not gzip */
    static byte[] inflate(byte[] compressed, int maxBytes) throws IOException {
        return inflate(compressed, maxBytes, bytes -> true);
    }

    /**
     * As above, taking room for the inflated bytes from {@code reserve} as they come.
     *
     * @throws OverBudget when {@code reserve} refuses
     */
    static byte[] inflate(byte[] compressed, int maxBytes, java.util.function.LongPredicate reserve) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, compressed.length * 4)));
        byte[] chunk = new byte[16 * 1024];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8 * 1024)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (out.size() + n > maxBytes) {
                    throw new TooLarge();
                }
                if (!reserve.test(n)) {
                    throw new OverBudget();
                }
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }
}
