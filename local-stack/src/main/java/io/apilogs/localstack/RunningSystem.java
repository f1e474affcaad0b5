package io.apilogs.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The whole system: the local stack plus query-service and ingest-service as processes. */
public final class RunningSystem implements AutoCloseable {
    private final LocalStack stack;
    private final Path root;
    private final Path dataDir;
    private final Map<String, String> env;
    private final Map<String, String> ingestEnv;
    private final java.util.List<Supervisor> supervisors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ServiceProcess query;
    private volatile ServiceProcess ingest;
    private final String adminToken;

    private RunningSystem(LocalStack stack, Path root, Path dataDir, Map<String, String> env, Map<String, String> ingestEnv,
                          ServiceProcess query, ServiceProcess ingest, String adminToken) {
        this.ingestEnv = ingestEnv;
        this.stack = stack;
        this.root = root;
        this.dataDir = dataDir;
        this.env = env;
        this.query = query;
        this.ingest = ingest;
        this.adminToken = adminToken;
    }

    /** Kills query-service as a crash would (kill -9) and starts it again on the same port; for fault tests. */
    public void crashAndRestartQuery() {
        int port = Integer.parseInt(query.baseUrl().substring(query.baseUrl().lastIndexOf(':') + 1));
        query.kill();
        query = ServiceProcess.start(root, "query-service", port, env, dataDir.resolve("logs-restarted-" + System.nanoTime()));
        query.awaitReady(Duration.ofSeconds(90));
    }

    /**
     * Starts everything. query-service goes first because it migrates the schema that ingest reads keys from;
     * both are then awaited together.
     */
    /**
     * Kills ingest-service (connections are refused, as when the network drops), runs {@code whileDown}, and starts it
     * again on the same port; for client tests.
     */
    public void withIngestDown(Runnable whileDown) {
        int port = Integer.parseInt(ingest.baseUrl().substring(ingest.baseUrl().lastIndexOf(':') + 1));
        ingest.kill();
        try {
            whileDown.run();
        } finally {
            ingest = ServiceProcess.start(root, "ingest-service", port, ingestEnv, dataDir.resolve("logs-ingest-" + System.nanoTime()));
            ingest.awaitReady(Duration.ofSeconds(90));
        }
    }

    public static RunningSystem start(Path root, Path dataDir, int queryPort, int ingestPort, String adminToken) {
        return start(root, dataDir, queryPort, ingestPort, adminToken, Map.of());
    }

    /** As above, with extra environment for query-service (a benchmark's limits, for instance). */
    public static RunningSystem start(Path root, Path dataDir, int queryPort, int ingestPort, String adminToken,
                                      Map<String, String> queryEnv) {
        LocalStack stack = LocalStack.start(dataDir);
        ServiceProcess query = null;
        ServiceProcess ingest = null;
        try {
            Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment());
            env.put("APILOGS_ADMIN_TOKEN", adminToken);
            Path logs = dataDir.resolve("logs");
            Map<String, String> queryOnly = new LinkedHashMap<>(env);
            queryOnly.putAll(queryEnv);
            query = ServiceProcess.start(root, "query-service", queryPort, queryOnly, logs);
            // ingest gets neither the operator token nor the signing secret: it needs only the key table.
            Map<String, String> ingestEnv = new LinkedHashMap<>(env);
            ingestEnv.remove("APILOGS_ADMIN_TOKEN");
            ingestEnv.remove("APILOGS_SIGNING_SECRET");
            ingest = ServiceProcess.start(root, "ingest-service", ingestPort, ingestEnv, logs);
            query.awaitReady(Duration.ofSeconds(90));
            ingest.awaitReady(Duration.ofSeconds(90));
            return new RunningSystem(stack, root, dataDir, queryOnly, ingestEnv, query, ingest, adminToken);
        } catch (RuntimeException e) {
            if (ingest != null) {
                ingest.stop();
            }
            if (query != null) {
                query.stop();
            }
            stack.close();
            throw e;
        }
    }

    /**
     * Restarts either service when it exits unexpectedly, announcing each restart on {@code out} (what
     * {@code ./apilogs up} does). Not to be combined with {@link #crashAndRestartQuery} or {@link #withIngestDown}.
     */
    public void supervise(java.util.function.Consumer<String> out) {
        supervise(out, () -> { });
    }

    /** As above; {@code restarted} runs as soon as a restarted service's process exists (its new pid is known). */
    public void supervise(java.util.function.Consumer<String> out, Runnable restarted) {
        supervisors.add(new Supervisor(supervised(() -> query, fresh -> query = fresh, env, restarted), out));
        supervisors.add(new Supervisor(supervised(() -> ingest, fresh -> ingest = fresh, ingestEnv, restarted), out));
    }

    /** A service for {@link Supervisor}: restarted on its port with its environment, its field updated at once. */
    private Supervisor.Service supervised(java.util.function.Supplier<ServiceProcess> current,
                                          java.util.function.Consumer<ServiceProcess> replace, Map<String, String> environment,
                                          Runnable restarted) {
        Path logs = dataDir.resolve("logs");
        return new Supervisor.Service() {
            @Override
            public ServiceProcess current() {
                return current.get();
            }

            @Override
            public void restart() {
                ServiceProcess old = current.get();
                ServiceProcess fresh = ServiceProcess.start(root, old.name(), old.port(), environment, logs);
                replace.accept(fresh);
                restarted.run();
                fresh.awaitReady(Duration.ofSeconds(90));
            }
        };
    }

    /** Restarts made by {@link #supervise}, both services together. */
    public int restarts() {
        return supervisors.stream().mapToInt(Supervisor::restarts).sum();
    }

    public LocalStack stack() {
        return stack;
    }

    public ServiceProcess query() {
        return query;
    }

    public ServiceProcess ingest() {
        return ingest;
    }

    public String adminToken() {
        return adminToken;
    }

    public AdminClient admin() {
        return new AdminClient(query.baseUrl(), adminToken);
    }

    @Override
    public void close() {
        supervisors.forEach(Supervisor::close);
        ingest.stop();
        query.stop();
        stack.close();
    }
}
