package io.apilogs.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's GC log ({@code -Xlog:gc}, one line per collection) read from a mark on: the time spent in collections
 * and the largest heap left after one. Lines look like
 * {@code [12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 45M->12M(120M) 3.456ms} or
 * {@code ... Pause Full (Allocation Failure) 250M->60M(278M) 80.1ms}.
 */
final class GcLog {
    private static final Pattern PAUSE = Pattern.compile("Pause (\\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");

    private final Path file;
    private final long from;

    /** The log as it stands now: what {@link #since} reads is what comes after. */
    GcLog(Path file) {
        this.file = file;
        long size;
        try {
            size = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            size = 0;
        }
        this.from = size;
    }

    /**
     * Collections since the mark. After a young collection the heap still holds the old generation's garbage; after a
     * full one it holds only what is live.
     */
    record Summary(int collections, int full, double pauseSeconds, double peakAfterMb, double peakAfterFullMb, double maxHeapMb) {
        String describe(double wallSeconds) {
            return String.format("GC %.1f%% of the time (%d collections, %d full, %.2f s), heap after GC peak %.0f MB (after a full"
                            + " GC: %s) of %.0f MB", 100 * pauseSeconds / wallSeconds, collections, full, pauseSeconds, peakAfterMb,
                    full == 0 ? "none ran" : String.format("%.0f MB", peakAfterFullMb), maxHeapMb);
        }
    }

    Summary since() {
        int collections = 0;
        int full = 0;
        double peakFull = 0;
        double pause = 0;
        double peak = 0;
        double max = 0;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = length < from ? 0 : from;
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    collections++;
                    pause += Double.parseDouble(m.group(8)) / 1000;
                    double after = mb(m.group(4), m.group(5));
                    peak = Math.max(peak, after);
                    if (m.group(1).equals("Full")) {
                        full++;
                        peakFull = Math.max(peakFull, after);
                    }
                    max = Math.max(max, mb(m.group(6), m.group(7)));
                }
            }
        } catch (IOException e) {
            // no log: nothing collected that we can see
        }
        return new Summary(collections, full, pause, peak, peakFull, max);
    }

    private static double mb(String number, String unit) {
        double value = Double.parseDouble(number);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
