package io.apilogs.model.search;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The index keys of texts the writer has seen lately, by content (issue 26). A conversation's every call resends the
 * messages before it, and system-made texts (tool schemas, canned replies, fixtures) repeat across calls, so most texts
 * the writer reads it has read before: a hit costs a hash and a comparison of the text instead of its pairs. The text
 * itself is kept and compared on a hit, so a hash collision costs a miss, never wrong keys. Bounded by bytes, least
 * recently used first out.
 */
public final class TextKeyCache {
    /** Texts shorter than this are cheaper to key again than to look up. */
    static final int MIN_LENGTH = 256;
    private static final int ENTRY_OVERHEAD = 96;

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long hits;
    private long misses;

    private record Entry(char[] text, int[] keys) {
        long size() {
            return (long) text.length * 2 + (long) keys.length * 4 + ENTRY_OVERHEAD;
        }
    }

    public TextKeyCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The keys of the slice, from the cache or computed (and then kept); null when it is too short to cache. */
    int[] keys(char[] text, int offset, int length) {
        if (length < MIN_LENGTH) {
            return null;
        }
        long hash = hash(text, offset, length);
        synchronized (this) {
            Entry entry = entries.get(hash);
            if (entry != null && Arrays.equals(entry.text, 0, entry.text.length, text, offset, offset + length)) {
                hits++;
                return entry.keys;
            }
            misses++;
        }
        int[] keys = new SearchGrams.Collector(length).add(text, offset, length).keys();
        Entry entry = new Entry(Arrays.copyOfRange(text, offset, offset + length), keys);
        if (entry.size() <= maxBytes / 8) {
            synchronized (this) {
                Entry old = entries.put(hash, entry);
                bytes += entry.size() - (old == null ? 0 : old.size());
                var oldest = entries.entrySet().iterator();
                while (bytes > maxBytes && oldest.hasNext()) {
                    Map.Entry<Long, Entry> out = oldest.next();
                    bytes -= out.getValue().size();
                    oldest.remove();
                }
            }
        }
        return keys;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** FNV-1a over the UTF-16 units, 64 bits, mixed with the length. */
    static long hash(char[] text, int offset, int length) {
        long h = 0xcbf29ce484222325L ^ length;
        for (int i = offset, end = offset + length; i < end; i++) {
            h = (h ^ text[i]) * 0x100000001b3L;
        }
        return h;
    }
}
