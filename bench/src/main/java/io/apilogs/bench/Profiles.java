package io.apilogs.bench;

import io.apilogs.localstack.ServiceProcess;
import io.apilogs.localstack.util.Env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Profiles of the services while a benchmark runs, with async-profiler's agent, when {@code APILOGS_BENCH_PROFILE} is
 * {@code cpu} (where the CPU goes, JIT compiler threads, GC and the kernel included, which JFR does not sample) or
 * {@code alloc} (bytes allocated, by where). The agent writes a collapsed-stack file per service every
 * {@link #WINDOW_SECONDS}; after each mode the windows that lie at least half in it are summed and printed per service: the share of
 * each part (JIT, GC, our code, Jackson, Kafka client, PostgreSQL client, Netty and Vert.x, JDK, kernel) and the top
 * frames. The files stay in the bench's data directory until it is deleted at the end.
 */
final class Profiles {
    static final int WINDOW_SECONDS = 10;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** Parts, each found by a marker anywhere in a stack (first match wins), then by the deepest known frame. */
    private static final String[][] RUNTIME = {
            {"JIT (C2)", "C2Compiler::"}, {"JIT (C1)", "Compiler::compile_method"}, {"JIT (C1)", "Compilation::"},
            {"JIT (other)", "CompileBroker::"}, {"GC", "VM_GenCollect"}, {"GC", "GenCollectedHeap::"}, {"GC", "DefNewGeneration::"},
    };
    private static final String[][] LIBRARIES = {
            {"redaction", "io/apilogs/model/redaction/"}, {"our code", "io/apilogs/"}, {"Jackson", "com/fasterxml/jackson/"},
            {"Kafka client", "org/apache/kafka/"}, {"PostgreSQL client", "io/vertx/pgclient/"}, {"PostgreSQL client", "io/vertx/sqlclient/"},
            {"Netty and Vert.x", "io/netty/"}, {"Netty and Vert.x", "io/vertx/"}, {"Mutiny, SmallRye, Quarkus", "io/smallrye/"},
            {"Mutiny, SmallRye, Quarkus", "io/quarkus/"}, {"Mutiny, SmallRye, Quarkus", "org/jboss/"},
    };

    private final Path dir;
    private final String event;

    private Profiles(Path dir, String event) {
        this.dir = dir;
        this.event = event;
    }

    /** Profiles into {@code data}/profiles when {@code APILOGS_BENCH_PROFILE} asks for them, else null. */
    static Profiles fromEnvironment(Path data) {
        String event = Env.getOrDefault("APILOGS_BENCH_PROFILE", "").trim().toLowerCase(Locale.ROOT);
        if (event.isEmpty() || event.equals("none")) {
            return null;
        }
        if (!event.equals("cpu") && !event.equals("alloc")) {
            throw new IllegalArgumentException("APILOGS_BENCH_PROFILE must be cpu or alloc, not " + event);
        }
        try {
            Path dir = Files.createDirectories(data.resolve("profiles"));
            Path agent = dir.resolve("libasyncProfiler.so");
            String platform = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
            try (InputStream in = Profiles.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so")) {
                if (in == null) {
                    throw new IllegalStateException("async-profiler's " + platform + " agent is not on the bench's classpath");
                }
                Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
            }
            String sampling = event.equals("cpu") ? "event=cpu,interval=5ms" : "event=alloc,alloc=512k,total";
            System.setProperty(ServiceProcess.ADDED_OPTIONS, "-agentpath:" + agent + "=start," + sampling + ",collapsed,loop="
                    + WINDOW_SECONDS + "s,file=" + dir + "/{module}-%t.txt");
            System.out.printf("profiling the services (%s, async-profiler, %d s windows) into %s%n", event, WINDOW_SECONDS, dir);
            return new Profiles(dir, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints, per service, where the samples of the windows overlapping [from, to) went. */
    void print(Instant from, Instant to) {
        Map<String, Totals> byService = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                int dash = name.lastIndexOf('-', name.length() - ".txt".length() - "-HHmmss".length() - 1);
                if (!name.endsWith(".txt") || dash < 0) {
                    continue;
                }
                Instant start = windowStart(name.substring(dash + 1, name.length() - 4));
                if (start != null && overlaps(start, from, to)) {
                    byService.computeIfAbsent(name.substring(0, dash), k -> new Totals()).add(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("  profile          %s, %d s windows at least half in the mode (async-profiler, APILOGS_BENCH_PROFILE)%n", event, WINDOW_SECONDS);
        byService.forEach((service, totals) -> System.out.print(totals.describe(service, event.equals("cpu"))));
    }

    /**
     * Where the window of a file stamped {@code stamp} ({@code yyyyMMdd-HHmmss}, local time) began, or null for another
     * name: the agent stamps a window's file when it writes it, at the window's end.
     */
    static Instant windowStart(String stamp) {
        try {
            return LocalDateTime.parse(stamp, STAMP).atZone(ZoneId.systemDefault()).toInstant().minusSeconds(WINDOW_SECONDS);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether the window that starts at {@code start} lies at least half in [from, to): the window before a mode
     * starts, e.g. the services' own start, is left out.
     */
    static boolean overlaps(Instant start, Instant from, Instant to) {
        Instant end = start.plusSeconds(WINDOW_SECONDS);
        Instant overlapStart = start.isAfter(from) ? start : from;
        Instant overlapEnd = end.isBefore(to) ? end : to;
        return java.time.Duration.between(overlapStart, overlapEnd).toMillis() * 2 >= WINDOW_SECONDS * 1000L;
    }

    /** The part a stack counts for. */
    static String part(String stack) {
        for (String[] rule : RUNTIME) {
            if (stack.contains(rule[1])) {
                return rule[0];
            }
        }
        String[] frames = stack.split(";");
        for (int i = frames.length - 1; i >= 0; i--) {
            for (String[] rule : LIBRARIES) {
                if (frames[i].startsWith(rule[1])) {
                    return rule[0];
                }
            }
        }
        for (int i = frames.length - 1; i >= 0; i--) {
            if (frames[i].startsWith("java/") || frames[i].startsWith("jdk/") || frames[i].startsWith("sun/")) {
                return "JDK";
            }
        }
        return frames[frames.length - 1].endsWith("_[k]") ? "kernel" : "JVM and native";
    }

    /** Sums of one service's collapsed stacks. */
    static final class Totals {
        final Map<String, Long> parts = new TreeMap<>();
        final Map<String, Long> leaves = new TreeMap<>();
        long total;
        int windows;

        void add(Path file) {
            windows++;
            try (Stream<String> lines = Files.lines(file)) {
                lines.forEach(this::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(String line) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                return;
            }
            String stack = line.substring(0, space);
            long count = Long.parseLong(line.substring(space + 1).trim());
            total += count;
            parts.merge(part(stack), count, Long::sum);
            leaves.merge(stack.substring(stack.lastIndexOf(';') + 1), count, Long::sum);
        }

        String describe(String service, boolean cpu) {
            StringBuilder out = new StringBuilder(String.format("    %-16s %d windows, %s:", service, windows,
                    cpu ? String.format("%,d samples (%.1f CPU s)", total, total * 0.005) : String.format("%,.0f MB allocated", total / 1e6)));
            top(parts, 12).forEach(e -> out.append(String.format(" %s %.1f%%,", e.getKey(), 100.0 * e.getValue() / Math.max(1, total))));
            out.setLength(out.length() - 1);
            out.append(String.format("%n      top frames:"));
            top(leaves, 8).forEach(e -> out.append(String.format(" %.1f%% %s;", 100.0 * e.getValue() / Math.max(1, total),
                    e.getKey().length() > 90 ? e.getKey().substring(0, 90) + "…" : e.getKey())));
            out.setLength(out.length() - 1);
            return out.append(String.format("%n")).toString();
        }

        private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int n) {
            List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            return sorted.subList(0, Math.min(n, sorted.size()));
        }
    }
}
