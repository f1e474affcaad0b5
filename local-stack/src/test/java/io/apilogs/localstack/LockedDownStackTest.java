package io.apilogs.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 22, finding 4: the embedded PostgreSQL once trusted every local user, so anyone on the host could connect as
 * its superuser and run COPY ... FROM PROGRAM; its log and Kafka's segments were world-readable. Now every connection
 * needs a password generated per data directory, the services' role is no superuser, and the directories and files
 * holding data are their owner's only.
 */
class LockedDownStackTest {
    private static final Path PG_WORK = Path.of("target", "test-stack", "pg-work").toAbsolutePath();

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void postgresTakesPasswordsOnlyAndTheServicesRoleRunsNoProgram() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "test-stack", UUID.randomUUID().toString()).toAbsolutePath());
        Path pgData = base.resolve("pg");
        try (EmbeddedPg pg = EmbeddedPg.start(pgData, PG_WORK, 0)) {
            for (int round = 0; round < 2; round++) {
                String postgres = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres";
                assertThatThrownBy(() -> DriverManager.getConnection(postgres, "postgres", "")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> DriverManager.getConnection(postgres, "postgres", "apilogs")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "apilogs"))
                        .as("the old fixed password no longer works").isInstanceOf(SQLException.class);
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); Statement s = c.createStatement()) {
                    try (ResultSet rows = s.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
                        rows.next();
                        assertThat(rows.getBoolean(1)).isFalse();
                    }
                    assertThatThrownBy(() -> s.execute("copy (select 1) to program 'id'")).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                }
                assertThat(Files.readString(pgData.resolve("pg_hba.conf"))).isEqualTo(PgAccess.HBA).doesNotContain("trust");
                assertThat(pg.password()).hasSize(64);
                assertThat(mode(base.resolve("pg-password"))).isEqualTo("rw-------");
                assertThat(mode(base.resolve("pg-superuser-password"))).isEqualTo("rw-------");
                assertThat(mode(PG_WORK.resolve("postgres.log"))).isEqualTo("rw-------");
                assertThat(mode(PG_WORK)).as("zonky once made it writable by everyone").isIn("rwx------", "rwx--x--x");
                pg.restart(); // the second round: a restart on the locked-down cluster (scram from the start)
            }
        }
    }

    /** The 10-line producer of the issue, without credentials or with a wrong password: refused; with them: taken. */
    @Test
    void kafkaTakesAuthenticatedClientsOnlyAndKeepsItsSegmentsToItself() throws Exception {
        Path base = Files.createDirectories(Path.of("target", "test-stack", UUID.randomUUID().toString()).toAbsolutePath());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(base.resolve("kafka"), 0)) {
            kafka.createTopics("apilogs.events");
            assertThat(mode(base.resolve("kafka"))).isEqualTo("rwx------");
            assertThat(mode(base.resolve("kafka-password"))).isEqualTo("rw-------");
            assertThat(mode(base.resolve("kafka-admin-password"))).isEqualTo("rw-------");
            Map<String, Object> anonymous = Map.of("bootstrap.servers", kafka.bootstrapServers(), "max.block.ms", 3000);
            assertThatThrownBy(() -> send(anonymous)).as("no credentials").isInstanceOf(Exception.class);
            Map<String, Object> wrong = new HashMap<>(kafka.clientConfig());
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"apilogs\""
                    + " password=\"guess\";");
            wrong.put("max.block.ms", 3000);
            assertThatThrownBy(() -> send(wrong)).as("a wrong password").isInstanceOf(Exception.class);
            Map<String, Object> client = new HashMap<>(kafka.clientConfig());
            client.put("max.block.ms", 10000);
            send(client);
            kafka.restart();
            send(client); // the credential outlives a restart (it is in the metadata log, and re-set at each start)
        }
    }

    private static void send(Map<String, Object> config) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("apilogs.events", "ws:conv", "{\"type\":\"llm_call\"}")).get(10, TimeUnit.SECONDS);
        }
    }
}
