package io.apilogs.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection settings of Quarkus' Kafka configuration (the {@code default-kafka-broker} map: every {@code kafka.*}
 * property), for the clients a service builds itself (its producer, admin clients): {@code bootstrap.servers} and the
 * security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}). A broker that takes SASL only (the
 * local stack's, issue 22) would otherwise refuse them.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** {@code bootstrap.servers} (localhost:9092 when unset) and the security settings, plus {@code extra}. */
    public static Map<String, Object> connection(Map<String, Object> kafkaConfig, Map<String, Object> extra) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", kafkaConfig.getOrDefault("bootstrap.servers", "localhost:9092"));
        kafkaConfig.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                config.put(key, value);
            }
        });
        config.putAll(extra);
        return config;
    }
}
