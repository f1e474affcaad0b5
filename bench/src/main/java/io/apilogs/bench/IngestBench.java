package io.apilogs.bench;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.EmbeddedPg;
import io.apilogs.localstack.RunningSystem;
import io.apilogs.localstack.util.Env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11's ingest benchmark: the whole system on this machine, a load generator posting batches, and for each
 * traffic mode the accepted rate, the sustained end-to-end rate (accepted and visible, measured once the backlog has
 * drained), ack and 202-to-visible latencies, consumer lag over time, CPU and RSS per process, read latencies during
 * the load, and the database's own ceiling for the same rows (one COPY into a naive table) with our ratio to it.
 * Prints figures; asserts nothing.
 *
 * <p>Usage: {@code ./apilogs bench ingest [modes=small,mix,burst,huge] [seconds=60] [clients=4]}
 */
public final class IngestBench {
    // HTTP/1.1: each client thread on its own connection, as separate assistants would be (h2c would multiplex them all).
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    /** The ceiling's COPY reuses the first batches posted, up to this many events or this many characters of JSON. */
    private static final int CEILING_EVENTS = 200_000;
    private static final long CEILING_CHARS = 400_000_000L;

    /** What one mode's run measured. */
    record Result(Traffic.Mode mode, long acceptedEvents, long storedEvents, double acceptedPerSecond, double endToEndPerSecond,
                  double ceilingPerSecond, Latencies ack, Latencies visible, Latencies reads, long maxLag) {
    }

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] modes = (args.length > 0 ? args[0] : "small,mix").split(",");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path root = Path.of(Env.getOrDefault("APILOGS_ROOT", ".")).toAbsolutePath().normalize();
        System.setProperty(EmbeddedPg.STATEMENT_STATS, "true");
        Path data = root.resolve("bench/target/ingest-bench-" + UUID.randomUUID());
        profiles = Profiles.fromEnvironment(data);
        try (RunningSystem system = start(root, data)) {
            for (String mode : modes) {
                run(system, Traffic.Mode.valueOf(mode.trim().toUpperCase()), seconds, clients, true);
            }
        } finally {
            Bench.deleteTree(data);
        }
    }

    static RunningSystem start(Path root, Path data) throws IOException {
        return RunningSystem.start(root, data, Bench.freePort(), Bench.freePort(), Bench.ADMIN_TOKEN);
    }

    static Result run(RunningSystem system, Traffic.Mode mode, int seconds, int clients, boolean ceiling) throws Exception {
        AdminClient admin = system.admin();
        AdminClient.Workspace ws = admin.createWorkspace("bench-" + mode.name().toLowerCase());
        String ingest = system.ingest().baseUrl();
        String query = system.query().baseUrl();
        Map<String, String> env = system.stack().serviceEnvironment();
        String jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        String user = env.get("QUARKUS_DATASOURCE_USERNAME");
        String password = env.get("QUARKUS_DATASOURCE_PASSWORD");
        // The bootstrap superuser (its password is the embedded server's, per data directory) may read pg_stat_statements.
        Statements statements = new Statements(jdbc, "postgres", system.stack().pg() == null ? "" : system.stack().pg().superuserPassword());
        statements.reset();
        Map<String, Long> sizesBefore = Storage.sizes(jdbc, user, password);
        String runId = mode.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        int batchSize = Traffic.batchSize(mode);
        ceiling = ceiling && mode != Traffic.Mode.HUGE;
        System.out.printf("%n== ingest bench, %s traffic: %d s, %d clients, batches of %d ==%n", mode, seconds, clients, batchSize);

        ProcessStats stats = new ProcessStats();
        stats.watch(QUERY, () -> List.of(system.query().pid()));
        stats.watch(INGEST, () -> List.of(system.ingest().pid()));
        stats.watch(POSTGRES, () -> ProcessStats.byCommand("postgres"));
        stats.watch(BENCH_JVM, () -> List.of(ProcessHandle.current().pid()));
        Lag lag = new Lag(system.stack().kafkaClientConfig());
        GcLog queryGc = new GcLog(system.query().gcLog());
        GcLog ingestGc = new GcLog(system.ingest().gcLog());
        double ownGcBefore = CostReport.ownGcSeconds();
        double ownHeapPeak = 0;
        GENERATOR_CPU_NANOS.set(0);
        AtomicLong postedBytes = new AtomicLong();

        AtomicLong accepted = new AtomicLong();
        AtomicLong llmCalls = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        List<Long> ackNanos = Collections.synchronizedList(new ArrayList<>());
        List<String> kept = Collections.synchronizedList(new ArrayList<>());
        AtomicLong keptChars = new AtomicLong();
        long start = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        long deadline = start + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String key = admin.createKey(ws.id(), "ingest");
            Traffic traffic = new Traffic(mode, runId, c, llmCalls);
            threads.add(started("client-" + c, () -> {
                while (System.nanoTime() < deadline) {
                    // A batch holds exactly batchSize events.
                    String body = traffic.batch(batchSize);
                    if (kept.size() * batchSize < CEILING_EVENTS && keptChars.get() < CEILING_CHARS) {
                        kept.add(body);
                        keptChars.addAndGet(body.length());
                    }
                    long t0 = System.nanoTime();
                    while (post(ingest, key, body) != 202) {
                        retried.incrementAndGet();
                        Bench.sleep(200);
                    }
                    ackNanos.add(System.nanoTime() - t0);
                    accepted.addAndGet(batchSize);
                    postedBytes.addAndGet(body.length());
                }
            }));
        }
        Probes probes = new Probes(ingest, query, admin.createKey(ws.id(), "ingest"), ws.readKey(), runId);
        Thread prober = started("probes", () -> probes.run(deadline));
        Thread reader = started("reads", () -> probes.read(deadline));
        List<String> lagSeries = new ArrayList<>();
        long maxLag = 0;
        while (System.nanoTime() < deadline) {
            Bench.sleep(1000);
            stats.sample();
            ownHeapPeak = Math.max(ownHeapPeak, CostReport.ownHeapAfterGcMb());
            long now = lag.total();
            maxLag = Math.max(maxLag, now);
            lagSeries.add(String.valueOf(now));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        reader.join();
        while (!probes.postingDone() && prober.isAlive()) {
            Bench.sleep(50);
        }
        RuntimeException failed = FAILURE.getAndSet(null);
        if (failed != null) {
            throw failed;
        }
        long expected = accepted.get() + probes.posted();

        // Drain: wait until every accepted event is stored, sampling lag and processes on the way.
        long stored = 0;
        long drainDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (Connection connection = DriverManager.getConnection(jdbc, user, password)) {
            for (int tick = 1; System.nanoTime() < drainDeadline; tick++) {
                stored = stored(connection, ws.id());
                if (stored >= expected) {
                    break;
                }
                Bench.sleep(250);
                if (tick % 4 == 0) {
                    stats.sample();
                    ownHeapPeak = Math.max(ownHeapPeak, CostReport.ownHeapAfterGcMb());
                    long now = lag.total();
                    maxLag = Math.max(maxLag, now);
                    lagSeries.add(String.valueOf(now));
                }
            }
        }
        double drainedSeconds = (System.nanoTime() - start) / 1e9;
        java.time.Instant drainedAt = java.time.Instant.now();
        // CPU of load and drain only: the storage report and the ceiling's COPY below are not the system's work.
        stats.sample();
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        cpu.put("ingest-service", stats.cpuSeconds(INGEST));
        cpu.put("query-service", stats.cpuSeconds(QUERY));
        cpu.put("postgres", stats.cpuSeconds(POSTGRES));
        double generator = GENERATOR_CPU_NANOS.get() / 1e9;
        cpu.put("kafka", Math.max(0, stats.cpuSeconds(BENCH_JVM) - generator));
        cpu.put("generator", generator);
        String storage = Storage.report(sizesBefore, Storage.sizes(jdbc, user, password), stored, llmCalls.get());
        prober.join();
        lag.close();
        long visibleCalls = probes.visibleCalls();
        double ceilingRate = ceiling ? Ceiling.rowsPerSecond(jdbc, user, password, kept) : Double.NaN;

        Latencies ack = Latencies.of(ackNanos);
        Result result = new Result(mode, expected, stored, accepted.get() / loadSeconds, stored / drainedSeconds, ceilingRate,
                ack, probes.visible(), probes.reads(), maxLag);
        System.out.printf("  accepted         %,d events in %.1f s = %,.0f events/s (%,d llm_calls; %,d batch retries after 429/503)%n",
                accepted.get(), loadSeconds, result.acceptedPerSecond(), llmCalls.get(), retried.get());
        System.out.printf("  end to end       %,d of %,d stored and visible after %.1f s = %,.0f events/s sustained%s%n",
                stored, expected, drainedSeconds, result.endToEndPerSecond(), stored == expected ? "" : "  (NOT ALL STORED)");
        System.out.printf("  query API        /v1/analytics/usage counts %,d llm_calls (expected %,d)%n", visibleCalls, llmCalls.get() + probes.posted());
        if (ceiling) {
            System.out.printf("  ceiling          one COPY of the first %,d of these events into a naive jsonb table: %,.0f rows/s; ours = %.2f of it%n",
                    (long) kept.size() * batchSize, ceilingRate, result.endToEndPerSecond() / ceilingRate);
        }
        System.out.printf("  ack latency      %s (per batch of %d)%n", ack, batchSize);
        System.out.printf("  202 → visible    %s (%d probes, 4 a second; %d never arrived on the timeline stream)%n",
                probes.visible(), probes.posted(), probes.missing());
        System.out.printf("  reads under load %s (activity log and timeline pages)%n", probes.reads());
        System.out.printf("  storage          %s%n", storage);
        System.out.printf("  consumer lag     max %,d records; per second: %s%n", maxLag, String.join(" ", lagSeries));
        System.out.print(stats.report());
        System.out.printf("  bytes            %.1f MB/s accepted, %.1f MB/s end to end (JSON as posted)%n",
                postedBytes.get() / loadSeconds / 1e6, postedBytes.get() * ((double) stored / Math.max(1, expected)) / drainedSeconds / 1e6);
        System.out.printf("  query-service    %s%n", queryGc.since().describe(drainedSeconds));
        System.out.printf("  ingest-service   %s%n", ingestGc.since().describe(drainedSeconds));
        System.out.printf("  bench JVM        GC %.1f%% of the time, heap after GC peak %.0f MB (Kafka broker and generator)%n",
                100 * (CostReport.ownGcSeconds() - ownGcBefore) / drainedSeconds, ownHeapPeak);
        System.out.printf("  CPU per event    (load and drain; the bench JVM minus the generator's threads is counted as Kafka)%n");
        System.out.print(CostReport.perEvent(cpu, stored, mode == Traffic.Mode.SMALL));
        statements.print(12);
        if (profiles != null) {
            // The window that holds the end of the drain is written when it closes, at most a window later.
            Bench.sleep((Profiles.WINDOW_SECONDS + 1) * 1000L);
            profiles.print(startedAt, drainedAt);
        }
        return result;
    }

    private static long stored(Connection connection, String workspace) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("""
                select coalesce(sum(call_count + tool_count + http_count), 0) from conversations where workspace_id = ?""")) {
            // What the activity log counts, and far cheaper than counting the item tables four times a second.
            statement.setString(1, workspace);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** 202, or 0/429/503 to retry the same batch; anything else is a generator bug and stops the run. */
    static int post(String ingest, String key, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ingest + "/v1/events")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status != 202 && status != 429 && status != 503) {
                throw new IllegalStateException("ingest answered " + status + ": "
                        + response.body().substring(0, Math.min(500, response.body().length())));
            }
            return status;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The services' profiles when APILOGS_BENCH_PROFILE asks for them (main sets it before the stack starts), else null. */
    private static Profiles profiles;

    private static final java.util.concurrent.atomic.AtomicReference<RuntimeException> FAILURE =
            new java.util.concurrent.atomic.AtomicReference<>();

    private static final String QUERY = "query-service (writer, reads)";
    private static final String INGEST = "ingest-service";
    private static final String POSTGRES = "postgres (all backends)";
    private static final String BENCH_JVM = "bench JVM (Kafka + generator)";
    /** CPU of the generator's threads (clients, probes, reads), added by each as it ends. */
    private static final AtomicLong GENERATOR_CPU_NANOS = new AtomicLong();

    /**
     * A daemon thread of the generator; the first exception any of them throws fails the run once the threads are
     * joined. Its CPU time is counted as the generator's.
     */
    private static Thread started(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                FAILURE.compareAndSet(null, e);
            } finally {
                GENERATOR_CPU_NANOS.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
