package io.apilogs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** CPU and RSS of named process groups, from /proc (Linux): CPU as cores used between samples, RSS now and at peak. */
final class ProcessStats {
    private static final double TICKS_PER_SECOND = 100.0;

    private record Group(Supplier<List<Long>> pids, long[] lastTicks, double[] peakRssMb, List<Double> cores, long[] cpuTicks) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private long lastNanos = System.nanoTime();

    void watch(String name, Supplier<List<Long>> pids) {
        groups.put(name, new Group(pids, new long[] {ticks(pids.get())}, new double[1], new ArrayList<>(), new long[1]));
    }

    /** All processes whose command name is {@code comm} (for PostgreSQL's many backends). */
    static List<Long> byCommand(String comm) {
        List<Long> pids = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readString(entry.resolve("comm")).trim().equals(comm)) {
                            pids.add(Long.parseLong(name));
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to report
        }
        return pids;
    }

    void sample() {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        lastNanos = now;
        for (Group group : groups.values()) {
            List<Long> pids = group.pids().get();
            long ticks = ticks(pids);
            long used = Math.max(0, ticks - group.lastTicks()[0]);
            group.cpuTicks()[0] += used;
            group.cores().add(seconds > 0 ? used / TICKS_PER_SECOND / seconds : 0);
            group.lastTicks()[0] = ticks;
            group.peakRssMb()[0] = Math.max(group.peakRssMb()[0], rssMb(pids));
        }
    }

    /** CPU seconds a group used between its {@link #watch} and the last {@link #sample}. */
    double cpuSeconds(String name) {
        return groups.get(name).cpuTicks()[0] / TICKS_PER_SECOND;
    }

    String report() {
        StringBuilder out = new StringBuilder();
        groups.forEach((name, group) -> {
            double mean = group.cores().stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double peak = group.cores().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            out.append(String.format("    %-28s CPU mean %.2f cores, peak %.2f; RSS peak %.0f MB%n", name, mean, peak, group.peakRssMb()[0]));
        });
        return out.toString();
    }

    private static long ticks(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.UTF_8);
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return total;
    }

    private static double rssMb(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return total;
    }
}
