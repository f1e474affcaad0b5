package io.apilogs.localstack;

import io.apilogs.localstack.util.Env;
import io.apilogs.localstack.util.Secrets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka and PostgreSQL for the services: embedded (a real broker in this JVM, a real postgres server process) unless
 * {@code APILOGS_KAFKA_BOOTSTRAP_SERVERS} and {@code APILOGS_DB_JDBC_URL} point at external ones (the docker-compose
 * and production path).
 */
public final class LocalStack implements AutoCloseable {
    public static final String EXTERNAL_KAFKA = "APILOGS_KAFKA_BOOTSTRAP_SERVERS";
    public static final String EXTERNAL_DB_URL = "APILOGS_DB_JDBC_URL";
    public static final String EXTERNAL_DB_USER = "APILOGS_DB_USER";
    public static final String EXTERNAL_DB_PASSWORD = "APILOGS_DB_PASSWORD";
    public static final int EVENT_PARTITIONS = 4;

    private final EmbeddedKafka kafka;
    private final EmbeddedPg pg;
    private final String bootstrapServers;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String signingSecret;

    private LocalStack(EmbeddedKafka kafka, EmbeddedPg pg, String bootstrapServers, String jdbcUrl, String user, String password,
                       String signingSecret) {
        this.signingSecret = signingSecret;
        this.kafka = kafka;
        this.pg = pg;
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /** Starts what is not configured as external; data lives under {@code dataDir}. Kafka takes SASL/SCRAM only. */
    public static LocalStack start(Path dataDir) {
        return start(dataDir, true);
    }

    /** The same; {@code kafkaSasl} false only for Quarkus tests (see {@link EmbeddedKafka#startPlaintext}). */
    public static LocalStack start(Path dataDir, boolean kafkaSasl) {
        String externalKafka = Env.get(EXTERNAL_KAFKA);
        String externalDb = Env.get(EXTERNAL_DB_URL);
        EmbeddedPg pg = null;
        EmbeddedKafka kafka = null;
        try {
            if (externalDb == null) {
                pg = EmbeddedPg.start(dataDir.resolve("pg"), dataDir.resolve("pg-work"), 0);
            }
            if (externalKafka == null) {
                kafka = kafkaSasl ? EmbeddedKafka.start(dataDir.resolve("kafka"), 0, EVENT_PARTITIONS)
                        : EmbeddedKafka.startPlaintext(dataDir.resolve("kafka"), 0, EVENT_PARTITIONS);
                kafka.createTopics(EVENT_PARTITIONS, "apilogs.events", "apilogs.events.dlq");
            }
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.stop();
            }
            throw e;
        }
        return new LocalStack(kafka, pg,
                kafka != null ? kafka.bootstrapServers() : externalKafka,
                pg != null ? pg.jdbcUrl() : externalDb,
                pg != null ? pg.user() : Env.getOrDefault(EXTERNAL_DB_USER, "apilogs"),
                pg != null ? pg.password() : Env.getOrDefault(EXTERNAL_DB_PASSWORD, "apilogs"),
                Secrets.readOrCreate(dataDir.resolve("signing-secret"), "sig_"));
    }

    /** The database user the services connect as. */
    public String user() {
        return user;
    }

    /** Its password: generated once per data directory for the embedded server (see {@link EmbeddedPg}). */
    public String password() {
        return password;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What a Kafka client of this stack needs: {@code bootstrap.servers}, and SASL for the embedded broker. */
    public Map<String, Object> kafkaClientConfig() {
        if (kafka != null) {
            return new LinkedHashMap<>(kafka.clientConfig());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String reactiveUrl() {
        return jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
    }

    /** The embedded broker, or null when Kafka is external. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The embedded server, or null when PostgreSQL is external. */
    public EmbeddedPg pg() {
        return pg;
    }

    /**
     * Configuration for a Quarkus service, as config keys (for test resources). It carries the signing secret of this
     * data directory, generated once and kept, so every replica started from it signs alike and survives restarts.
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers);
        if (kafka != null) {
            // The embedded broker takes SASL/SCRAM only (KafkaCredentials): kafka.security.protocol, kafka.sasl.*.
            kafka.clientConfig().forEach((key, value) -> {
                if (!key.equals("bootstrap.servers")) {
                    config.put("kafka." + key, value.toString());
                }
            });
        }
        config.put("quarkus.datasource.reactive.url", reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        config.put("apilogs.signing-secret", signingSecret);
        return config;
    }

    /** The same configuration as environment variables, for service processes. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusConfig().forEach((key, value) -> env.put(Env.toEnvName(key), value));
        return env;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.stop();
        }
        if (pg != null) {
            pg.stop();
        }
    }
}
