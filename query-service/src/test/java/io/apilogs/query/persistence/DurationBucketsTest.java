package io.apilogs.query.persistence;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The buckets of durations the roll-ups keep, and percentiles read back from them. */
class DurationBucketsTest {
    @Test
    void everyDurationFallsInItsBucketAndBucketsFollowOneAnotherWithoutGapsOrOverlaps() {
        for (int b = 0; b < 480; b++) {
            assertThat(DurationBuckets.bucket(DurationBuckets.lower(b))).as("lower bound of %d", b).isEqualTo(b);
            assertThat(DurationBuckets.bucket(DurationBuckets.upper(b))).as("upper bound of %d", b).isEqualTo(b);
            assertThat(DurationBuckets.lower(b + 1)).as("bucket %d ends where %d starts", b, b + 1).isEqualTo(DurationBuckets.upper(b) + 1);
            // At most 1/8 of the lower bound wide above 16 ms, one millisecond below.
            long width = DurationBuckets.upper(b) - DurationBuckets.lower(b) + 1;
            assertThat(width * 8).as("width of %d", b).isLessThanOrEqualTo(Math.max(8, DurationBuckets.lower(b)));
        }
        assertThat(DurationBuckets.bucket(-5)).isZero();
        assertThat(DurationBuckets.bucket(15)).isEqualTo(15);
        assertThat(DurationBuckets.bucket(16)).isEqualTo(16);
        assertThat(DurationBuckets.bucket(Long.MAX_VALUE)).isEqualTo(16 + 58 * 8 + 7);
    }

    @Test
    void percentilesAreExactBelowSixteenMillisecondsAndWithinOneSixteenthAbove() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(3000);
            long[] durations = new long[n];
            long[] counts = new long[500];
            long max = 0;
            for (int i = 0; i < n; i++) {
                durations[i] = round % 4 == 0 ? random.nextInt(16) : (long) Math.exp(random.nextDouble() * 14);
                counts[DurationBuckets.bucket(durations[i])]++;
                max = Math.max(max, durations[i]);
            }
            Arrays.sort(durations);
            for (double p : new double[] {0.5, 0.95, 0.99, 1.0}) {
                long exact = durations[(int) Math.ceil(p * n) - 1]; // percentile_disc
                long read = DurationBuckets.percentile(counts, p, max);
                if (exact < 16) {
                    assertThat(read).as("p%s of %d durations", p, n).isEqualTo(exact);
                } else {
                    assertThat((double) Math.abs(read - exact)).as("p%s: %d for %d", p, read, exact).isLessThanOrEqualTo(exact / 16.0 + 1);
                }
                assertThat(read).isLessThanOrEqualTo(max);
            }
        }
        assertThat(DurationBuckets.percentile(new long[3], 0.5, 0)).as("nothing counted").isNull();
    }
}
