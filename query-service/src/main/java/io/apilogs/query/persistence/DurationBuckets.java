package io.apilogs.query.persistence;

/**
 * Log-linear buckets of call durations, as the hourly roll-ups keep them (a histogram per hour and key): every
 * millisecond below 16 ms has its own bucket, and each power of two above is cut into 8, so a bucket is at most
 * 1/8 of its lower bound wide. A percentile read from the buckets is that bucket's middle, at most 1/16 (6.25%) from
 * the true value, and never above the largest duration seen. The database computes the same index with
 * {@code apilogs_duration_bucket} (V16), checked against {@link #bucket} by DurationBucketsTest.
 */
public final class DurationBuckets {
    /** Buckets of single milliseconds, below the first cut octave. */
    static final int EXACT = 16;
    static final int PER_OCTAVE = 8;
    /** A percentile read from the buckets is within this share of the true value (half a bucket's width). */
    public static final double RELATIVE_ERROR = 1.0 / 16;

    private DurationBuckets() {
    }

    /** The bucket of {@code ms} (negative counts as 0). */
    public static int bucket(long ms) {
        if (ms < EXACT) {
            return (int) Math.max(ms, 0);
        }
        int octave = 63 - Long.numberOfLeadingZeros(ms); // 4 or more
        int sub = (int) ((ms >> (octave - 3)) & (PER_OCTAVE - 1));
        return EXACT + (octave - 4) * PER_OCTAVE + sub;
    }

    /** The smallest duration in {@code bucket}. */
    public static long lower(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int octave = 4 + (bucket - EXACT) / PER_OCTAVE;
        int sub = (bucket - EXACT) % PER_OCTAVE;
        return (long) (PER_OCTAVE + sub) << (octave - 3);
    }

    /** The largest duration in {@code bucket}. */
    public static long upper(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int octave = 4 + (bucket - EXACT) / PER_OCTAVE;
        return lower(bucket) + (1L << (octave - 3)) - 1;
    }

    /**
     * The {@code p} percentile (0 < p ≤ 1) of the durations counted in {@code counts} (index = bucket), by nearest rank
     * as {@code percentile_disc} picks it: the middle of the bucket that holds that rank, at most {@code max}. Null when
     * nothing is counted.
     */
    public static Long percentile(long[] counts, double p, long max) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                long middle = lower(b) + (upper(b) - lower(b) + 1) / 2;
                return Math.min(b < EXACT ? b : middle, max);
            }
        }
        return max;
    }
}
