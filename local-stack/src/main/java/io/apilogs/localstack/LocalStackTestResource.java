package io.apilogs.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the local stack for a Quarkus test run: real Kafka and real PostgreSQL, data under {@code target/}.
 * The admin token is fixed so tests can create their own workspaces and keys.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String ADMIN_TOKEN = "test-admin-token-for-quarkus-tests-only";

    private LocalStack stack;

    @Override
    public Map<String, String> start() {
        // Plaintext Kafka: Quarkus restarts its application in new class loaders, which JVM-wide SASL providers outlive
        // (EmbeddedKafka#startPlaintext). The packaged services are tested against the SASL broker end to end.
        stack = LocalStack.start(Path.of("target", "local-stack", UUID.randomUUID().toString()), false);
        Map<String, String> config = new java.util.LinkedHashMap<>(stack.quarkusConfig());
        config.put("apilogs.admin-token", ADMIN_TOKEN);
        return config;
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}
