package io.apilogs.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A packaged Quarkus service run as a child process, its output in a log file. */
public final class ServiceProcess implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceProcess.class.getName());

    private final String name;
    private final int port;
    private final Path log;
    private final long logStart;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, long logStart, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.logStart = logStart;
        this.process = process;
    }

    /** Starts {@code <module>/target/quarkus-app/quarkus-run.jar} of the project at {@code root}. */
    public static ServiceProcess start(Path root, String module, int port, Map<String, String> env, Path logDir) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it first (mvn -DskipTests package)");
        }
        try {
            io.apilogs.localstack.util.PrivateDirs.create(logDir, false);
            Path log = io.apilogs.localstack.util.PrivateDirs.ownerOnlyFile(logDir.resolve(module + ".log"));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(javaOptions(module));
            // One line per collection (pause, heap before and after), for operators and for ./apilogs bench.
            command.add("-Xlog:gc:file=" + gcLog(logDir, module) + "::filecount=2,filesize=10m");
            command.add("-Dquarkus.http.port=" + port);
            // Loopback unless told otherwise (./apilogs up --listen ADDR, or APILOGS_LISTEN): the UI, metrics and the
            // OpenAPI document are not for other hosts. In a container the image's own default (all interfaces) applies.
            command.add("-Dquarkus.http.host=" + listenAddress());
            command.add("-jar");
            command.add(jar.toString());
            // Appended: the log of a service that crashed and was restarted stays above the new one.
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // glibc gives each thread that allocates natively an arena of its own; two keep RSS down for JVMs.
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            builder.environment().putAll(env);
            long logStart = Files.size(log);
            Process process = builder.start();
            return new ServiceProcess(module, port, log, logStart, process);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + module, e);
        }
    }

    /** Where the services listen: {@code APILOGS_LISTEN} (a system property or the environment), else 127.0.0.1. */
    public static String listenAddress() {
        return io.apilogs.localstack.util.Env.getOrDefault(LISTEN, "127.0.0.1");
    }

    public static final String LISTEN = "APILOGS_LISTEN";

    /**
     * The default heap of each service: what its memory bounds may hold at once (each service checks that at start,
     * see {@code QueryMemory} and {@code IngestMemory}) plus a margin of about 30% (docs/deploy.md, "Memory").
     */
    public static final Map<String, Integer> DEFAULT_HEAP_MB = Map.of("query-service", 512, "ingest-service", 288);

    /**
     * query-service compiles with C1 only. On two cores under load, its C2 compiles took 30-44% of its CPU for the
     * first minute and more (async-profiler, 10 KB burst), while its hot code is framework glue (Kafka consumer,
     * Vert.x PostgreSQL client, Mutiny) that C2 speeds up little: C1 alone took its CPU per stored 10 KB event from
     * 562/376/288 µs to 332/190/208 µs over three 20 s bursts straight after start (docs/deploy.md, "JIT").
     * ingest-service keeps C2: its hot code is loops over the bytes of each event (JSON, redaction), where C1 was
     * slower once warm.
     */
    static final Map<String, List<String>> JIT_OPTIONS = Map.of("query-service", List.of("-XX:TieredStopAtLevel=1"));

    /**
     * The services' JVM options. A JVM that threw an OutOfMemoryError is not trusted to go on: it exits, and the
     * launcher restarts it. {@code APILOGS_SERVICE_JAVA_OPTS} (space-separated) replaces the rest when set; else the
     * default heap, which Serial GC gives back when it is not used, smaller thread stacks (Netty, Kafka and the
     * pools start dozens of threads) and {@link #JIT_OPTIONS}.
     */
    static List<String> javaOptions(String module) {
        List<String> options = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError"));
        String given = System.getenv("APILOGS_SERVICE_JAVA_OPTS");
        if (given != null && !given.isBlank()) {
            options.addAll(List.of(given.trim().split("\\s+")));
        } else {
            options.addAll(List.of("-Xmx" + DEFAULT_HEAP_MB.getOrDefault(module, 512) + "m", "-XX:+UseSerialGC",
                    "-XX:MaxHeapFreeRatio=30", "-XX:MinHeapFreeRatio=10", "-Xss512k"));
            options.addAll(JIT_OPTIONS.getOrDefault(module, List.of()));
        }
        String added = System.getProperty(ADDED_OPTIONS);
        if (added != null && !added.isBlank()) {
            options.addAll(List.of(added.replace("{module}", module).trim().split("\\s+")));
        }
        return options;
    }

    /**
     * A system property of the JVM that starts the services (the benchmarks): options added to each service's, with
     * {@code {module}} replaced by the service's name, e.g. a profiler agent writing one file per service.
     */
    public static final String ADDED_OPTIONS = "apilogs.service.added-java-options";

    /** Where a service's GC log goes: {@code <log dir>/<module>-gc.log}. */
    public static Path gcLog(Path logDir, String module) {
        return logDir.resolve(module + "-gc.log");
    }

    /** This service's GC log. */
    public Path gcLog() {
        return gcLog(log.getParent(), name);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The exit code once it has exited, else -1. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                // Ready, and this process is the one listening: a port chosen free may have been taken meanwhile by
                // another service, which would answer for it while this one exits.
                if (response.statusCode() == 200 && listening()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Whether this process logged that it listens on its port (its own part of the log, which restarts append to). */
    private boolean listening() throws IOException {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = Math.min(file.length() - logStart, 4L << 20);
            if (length <= 0) {
                return false;
            }
            byte[] bytes = new byte[(int) length];
            file.seek(logStart);
            file.readFully(bytes);
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            return java.util.regex.Pattern.compile("Listening on: http://\\S*:" + port + "\\b").matcher(text).find();
        }
    }

    /** Graceful stop (SIGTERM), then a kill if it does not exit in time. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, name + " did not stop in 20 s; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Abrupt stop, as a crash would be (kill -9). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
