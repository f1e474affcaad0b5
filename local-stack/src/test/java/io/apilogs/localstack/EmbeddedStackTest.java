package io.apilogs.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    // Shared by all tests so the PostgreSQL binaries are extracted once per `mvn clean`.
    private static final Path PG_WORK = Path.of("target", "test-stack", "pg-work").toAbsolutePath();

    private Path base;

    @BeforeEach
    void createBaseDir() throws IOException {
        base = Files.createDirectories(Path.of("target", "test-stack", UUID.randomUUID().toString()).toAbsolutePath());
    }

    @Test
    void kafkaAndPostgresKeepTheirDataAcrossRestarts() throws Exception {
        Path pgData = base.resolve("pg-data");
        long t0 = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(base.resolve("kafka"), 0)) {
            long kafkaStarted = System.nanoTime();
            try (EmbeddedPg pg = EmbeddedPg.start(pgData, PG_WORK, 0)) {
                long pgStarted = System.nanoTime();
                System.out.printf("first start: kafka %d ms, postgres %d ms%n", ms(t0, kafkaStarted), ms(kafkaStarted, pgStarted));

                kafka.createTopics("smoke");
                produce(kafka, "smoke", "hello");
                assertEquals("hello", firstValue(kafka, "smoke", "group-1"));
                try (Connection c = connect(pg); Statement s = c.createStatement()) {
                    assertEquals(1, intQuery(s, "select 1"));
                    s.execute("create table persisted (v int)");
                    s.execute("insert into persisted values (42)");
                }
                String clusterId = kafka.clusterId();

                long r0 = System.nanoTime();
                kafka.restart();
                long r1 = System.nanoTime();
                pg.restart();
                System.out.printf("restart: kafka %d ms, postgres %d ms%n", ms(r0, r1), ms(r1, System.nanoTime()));

                assertEquals(clusterId, kafka.clusterId());
                assertEquals("hello", firstValue(kafka, "smoke", "group-2"));
                try (Connection c = connect(pg); Statement s = c.createStatement()) {
                    assertEquals(42, intQuery(s, "select v from persisted"));
                    assertEquals("on", stringQuery(s, "show fsync"));
                    assertEquals("200", stringQuery(s, "show max_connections"));
                    assertEquals("128MB", stringQuery(s, "show shared_buffers"));
                }
            }
        }
        assertNoPostgresFor(pgData);
        deleteTree(base); // only on success: a failed test leaves its directories for inspection
    }

    @Test
    void postgresFallsBackToSetprivWithoutUserNamespaces() throws Exception {
        assumeTrue(isRoot(), "the setpriv path only exists for root");
        Path pgData = base.resolve("pg-data");
        System.setProperty(EmbeddedPg.FORCE_SETPRIV, "1");
        try (EmbeddedPg pg = EmbeddedPg.start(pgData, PG_WORK, 0)) {
            assertEquals(65534, uidOf(postmasterPid(pgData)));
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                s.execute("create table persisted (v int)");
                s.execute("insert into persisted values (7)");
            }
            pg.restart();
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                assertEquals(7, intQuery(s, "select v from persisted"));
            }
        } finally {
            System.clearProperty(EmbeddedPg.FORCE_SETPRIV);
        }
        assertNoPostgresFor(pgData);
        deleteTree(base); // only on success: a failed test leaves its directories for inspection
    }

    @Test
    void postgresOrphanedByKilledJvmIsStoppedOnNextStart() throws Exception {
        Path pgData = base.resolve("pg-data");
        Path pgWork = PG_WORK;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PgChildMain.class.getName(),
                pgData.toString(), pgWork.toString(), "0")
                .redirectErrorStream(true)
                .start();
        int port;
        try {
            port = CompletableFuture.supplyAsync(() -> readyPort(child)).get(120, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        }
        assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertFalse(postgresPidsFor(pgData).isEmpty(), "postgres should have outlived the killed JVM");

        try (EmbeddedPg pg = EmbeddedPg.start(pgData, pgWork, port); Connection c = connect(pg);
             Statement s = c.createStatement()) {
            assertEquals(1, intQuery(s, "select 1"));
        }
        assertNoPostgresFor(pgData);
        deleteTree(base); // only on success: a failed test leaves its directories for inspection
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static int readyPort(Process child) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY ")) {
                    return Integer.parseInt(line.substring(6).strip());
                }
            }
            throw new IllegalStateException("child exited without starting postgres");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> with(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(kafka.clientConfig());
        config.putAll(extra);
        return config;
    }

    private static void produce(EmbeddedKafka kafka, String topic, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(with(kafka, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())))) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static String firstValue(EmbeddedKafka kafka, String topic, String group) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(with(kafka, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName())))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within " + WAIT);
    }

    private static Connection connect(EmbeddedPg pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    private static int intQuery(Statement s, String sql) throws SQLException {
        return Integer.parseInt(stringQuery(s, sql));
    }

    private static String stringQuery(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    private static void assertNoPostgresFor(Path dataDir) throws IOException {
        assertEquals(List.of(), postgresPidsFor(dataDir), "postgres processes left for " + dataDir);
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")));
    }

    /** Every postgres process (postmaster and children) runs with the data directory as working directory. */
    private static List<Long> postgresPidsFor(Path dataDir) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return Files.readString(p.resolve("comm")).strip().equals("postgres")
                                    && Files.isSameFile(p.resolve("cwd"), dataDir);
                        } catch (IOException e) {
                            return false; // gone, a zombie, or not ours to inspect
                        }
                    })
                    .map(p -> Long.valueOf(p.getFileName().toString()))
                    .collect(Collectors.toList());
        }
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    private static int uidOf(long pid) throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc", String.valueOf(pid)), "unix:uid")).intValue();
    }

    private static boolean isRoot() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    private static long ms(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
