package io.apilogs.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each process spent per stored event (CPU µs, against the budget for small events), and each JVM's GC: the
 * share of time in collections and the largest heap left after one. The bench JVM holds both the Kafka broker and the
 * load generator: the generator's threads are timed on their own, and the rest of that JVM is counted as Kafka.
 */
final class CostReport {
    /** CPU µs per stored small event each process may spend: 100 µs in all, 20,000 events/s on two cores. */
    static final Map<String, Double> SMALL_EVENT_BUDGET_US = new LinkedHashMap<>();

    static {
        SMALL_EVENT_BUDGET_US.put("ingest-service", 15.0);
        SMALL_EVENT_BUDGET_US.put("query-service", 40.0);
        SMALL_EVENT_BUDGET_US.put("postgres", 30.0);
        SMALL_EVENT_BUDGET_US.put("kafka", 10.0);
        SMALL_EVENT_BUDGET_US.put("generator", 5.0);
    }

    private CostReport() {
    }

    /** One line per process: µs per stored event, and for small events its budget. */
    static String perEvent(Map<String, Double> cpuSeconds, long stored, boolean small) {
        StringBuilder out = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> entry : cpuSeconds.entrySet()) {
            double us = entry.getValue() * 1e6 / Math.max(1, stored);
            total += us;
            Double budget = SMALL_EVENT_BUDGET_US.get(entry.getKey());
            out.append(String.format("    %-16s %7.1f µs per stored event%s%n", entry.getKey(), us,
                    small && budget != null ? String.format("   budget %.0f µs: %s", budget, us <= budget ? "within" : "OVER by " + Math.round(us - budget) + " µs") : ""));
        }
        out.append(String.format("    %-16s %7.1f µs per stored event%s%n", "all together", total,
                small ? String.format("   budget 100 µs: %s", total <= 100 ? "within" : "OVER by " + Math.round(total - 100) + " µs") : ""));
        return out.toString();
    }

    /** This JVM's time in collections so far, seconds. */
    static double ownGcSeconds() {
        double total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime()) / 1000.0;
        }
        return total;
    }

    /** This JVM's heap as the last collection of each pool left it, MB. */
    static double ownHeapAfterGcMb() {
        double used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used / (1024.0 * 1024.0);
    }
}
