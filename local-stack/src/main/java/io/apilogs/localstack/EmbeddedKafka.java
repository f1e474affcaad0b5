package io.apilogs.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka 4.x broker (KRaft combined mode) running inside this JVM.
 * <p>
 * The log directory survives {@link #stop()}/{@link #restart()} and JVM restarts; ports stay the
 * same across {@link #restart()} so clients can simply reconnect.
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final int DEFAULT_PARTITIONS = 4;

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class.getName());
    private static final int NODE_ID = 1;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    // JUL only keeps weak references to loggers: hold them, or the level silently resets.
    private static final List<Logger> QUIETED_LOGGERS = new ArrayList<>();

    static {
        // Broker INFO logging is several hundred lines per start; only lower it where nobody configured it.
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            for (Logger logger : backendLoggers(name)) {
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARNING);
                }
                QUIETED_LOGGERS.add(logger);
            }
        }
    }

    /**
     * The JUL logger, plus JBoss LogManager's if present: slf4j-jboss-logmanager logs there even when JBoss is not
     * the JUL LogManager (e.g. under surefire, which sets java.util.logging.manager too late).
     */
    private static List<Logger> backendLoggers(String name) {
        List<Logger> loggers = new ArrayList<>(List.of(Logger.getLogger(name)));
        try {
            Class<?> logContext = Class.forName("org.jboss.logmanager.LogContext");
            Object context = logContext.getMethod("getLogContext").invoke(null);
            loggers.add((Logger) logContext.getMethod("getLogger", String.class).invoke(context, name));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // no JBoss LogManager: JUL is all there is to configure
        }
        return loggers;
    }

    private final Path logDir;
    /** Null for a plaintext broker ({@link #startPlaintext}), for Quarkus tests only. */
    private final KafkaCredentials credentials;
    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private KafkaRaftServer server;
    private String clusterId;

    private EmbeddedKafka(Path logDir, int port, int controllerPort, int defaultPartitions, boolean sasl) {
        this.logDir = logDir;
        this.credentials = sasl ? new KafkaCredentials(logDir) : null;
        this.port = port;
        this.controllerPort = controllerPort;
        this.defaultPartitions = defaultPartitions;
    }

    /** Starts a broker on {@code port} (0 = any free port) with {@value #DEFAULT_PARTITIONS} partitions per auto-created topic. */
    public static EmbeddedKafka start(Path logDir, int port) {
        return start(logDir, port, DEFAULT_PARTITIONS);
    }

    public static EmbeddedKafka start(Path logDir, int port, int defaultPartitions) {
        return start(logDir, port, defaultPartitions, true);
    }

    /**
     * A broker without authentication, for {@code @QuarkusTest}s only: Kafka registers its SASL mechanisms as JVM-wide
     * security providers, so after Quarkus restarts an application (a test profile) in a new class loader, the broker's
     * SASL servers come from the old one and refuse every login. Everything else (./apilogs up, the end-to-end tests)
     * runs the SASL broker.
     */
    public static EmbeddedKafka startPlaintext(Path logDir, int port, int defaultPartitions) {
        return start(logDir, port, defaultPartitions, false);
    }

    private static EmbeddedKafka start(Path logDir, int port, int defaultPartitions, boolean sasl) {
        EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath().normalize(),
                port == 0 ? freePort() : port, freePort(), defaultPartitions, sasl);
        kafka.startServer();
        return kafka;
    }

    /** Stops the broker if it is running and starts it again on the same log directory and ports. */
    public synchronized EmbeddedKafka restart() {
        stop();
        startServer();
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * What a client needs to connect: {@code bootstrap.servers} and SASL/SCRAM as user {@value KafkaCredentials#USER}
     * ({@link KafkaCredentials}). The broker takes nothing without it.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers());
        if (credentials != null) {
            config.putAll(credentials.client());
        }
        return config;
    }

    public Path logDir() {
        return logDir;
    }

    public synchronized String clusterId() {
        return clusterId;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Creates the topics with the default partition count; existing topics are left alone. */
    public void createTopics(String... names) {
        createTopics(defaultPartitions, names);
    }

    public void createTopics(int partitions, String... names) {
        admin().createTopics(partitions, names);
    }

    /** Shuts the broker down cleanly and waits for it; a no-op when already stopped. */
    public synchronized void stop() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        long t0 = System.nanoTime();
        running.shutdown();
        running.awaitShutdown();
        LOG.info(String.format("Kafka on %s stopped in %d ms", bootstrapServers(), millisSince(t0)));
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        long t0 = System.nanoTime();
        KafkaConfig config = new KafkaConfig(brokerProperties());
        clusterId = formatIfNeeded();
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            admin().awaitBrokerVisible(NODE_ID, STARTUP_TIMEOUT);
            if (credentials != null) {
                admin().allowClients(clientConfig(), STARTUP_TIMEOUT);
            }
        } catch (RuntimeException e) {
            candidate.shutdown();
            candidate.awaitShutdown();
            throw e;
        }
        server = candidate;
        LOG.info(String.format("Kafka %s (cluster %s, log dir %s) started in %d ms",
                bootstrapServers(), clusterId, logDir, millisSince(t0)));
    }

    /** The largest record batch the broker takes: above ingest's largest record (its largest body plus 1 MiB). */
    public static final int MESSAGE_MAX_BYTES = 8 * 1024 * 1024;

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // Static voters keep the controller endpoint out of the metadata log, so a restart never depends on it.
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        String listener = credentials != null ? KafkaCredentials.LISTENER : "PLAINTEXT";
        p.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        if (credentials != null) {
            credentials.configure(p);
        }
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", String.valueOf(defaultPartitions));
        p.put("auto.create.topics.enable", "true");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        // 50 partitions (the default) makes the first consumer group join noticeably slower.
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // One event is up to the largest request body (5 MiB) and records are sent uncompressed: the 1 MiB default
        // would refuse large events (docs/deploy.md, "Memory").
        p.put("message.max.bytes", String.valueOf(MESSAGE_MAX_BYTES));
        // The log cleaner otherwise preallocates 128 MiB of heap, too much to share a JVM with tests.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    /** Formats an empty log directory; an already formatted one keeps its cluster id (read from meta.properties). */
    private String formatIfNeeded() {
        Path meta = logDir.resolve("meta.properties");
        try {
            io.apilogs.localstack.util.PrivateDirs.create(logDir, false); // its segments hold every event
            if (Files.exists(meta)) {
                Properties props = new Properties();
                try (Reader in = Files.newBufferedReader(meta)) {
                    props.load(in);
                }
                return props.getProperty("cluster.id");
            }
            String id = Uuid.randomUuid().toString();
            // StorageTool is the supported (public, compile-scope) entry point; Formatter lives in a runtime-only jar.
            Path config = Files.createTempFile("kafka-format", ".properties");
            try {
                try (Writer out = Files.newBufferedWriter(config)) {
                    brokerProperties().store(out, null);
                }
                int rc = StorageTool.execute(new String[] {"format", "--config", config.toString(), "--cluster-id", id},
                        new PrintStream(OutputStream.nullOutputStream()));
                if (rc != 0) {
                    throw new IllegalStateException("kafka-storage format exited with " + rc);
                }
            } finally {
                Files.deleteIfExists(config);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not format Kafka log dir " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log dir " + logDir, e);
        }
    }

    /** The admin work on this broker, as its admin ({@link KafkaCredentials}), or anonymously on a plaintext one. */
    private KafkaAdmin admin() {
        return new KafkaAdmin(bootstrapServers(), credentials);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
