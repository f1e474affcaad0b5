package io.apilogs.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded broker's admin work: waiting for it to serve, creating the clients' SCRAM login, creating topics. Done
 * as the broker's admin ({@link KafkaCredentials}), or anonymously on a plaintext broker ({@code credentials} null).
 */
final class KafkaAdmin {
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final KafkaCredentials credentials;

    KafkaAdmin(String bootstrapServers, KafkaCredentials credentials) {
        this.bootstrapServers = bootstrapServers;
        this.credentials = credentials;
    }

    /** Creates the topics with {@code partitions} partitions; existing topics are left alone. */
    void createTopics(int partitions, String... names) {
        try (Admin admin = open()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topics " + List.of(names), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + List.of(names), e);
        }
    }

    /** startup() returns before the broker is registered and unfenced; clients would see errors until then. */
    void awaitBrokerVisible(int nodeId, Duration timeout) {
        try (Admin admin = open()) {
            poll(timeout, "Kafka broker " + bootstrapServers + " not visible after " + timeout,
                    () -> admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == nodeId));
        }
    }

    /**
     * Creates the clients' SCRAM credential, then waits until a client ({@code clientConfig}) can log in with it: the
     * broker learns it from the metadata log a moment after the controller committed it.
     */
    void allowClients(Map<String, Object> clientConfig, Duration timeout) {
        try (Admin admin = open()) {
            credentials.upsert(admin, ADMIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the client credential on Kafka " + bootstrapServers, e);
        }
        Map<String, Object> client = new HashMap<>(clientConfig);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        poll(timeout, "Kafka " + bootstrapServers + " took no SCRAM login within " + timeout, () -> {
            try (Admin asClient = Admin.create(client)) {
                asClient.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                return true;
            }
        });
    }

    /** One answer the broker can give or not yet. */
    private interface Check {
        boolean passes() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /** Tries {@code check} every 100 ms until it passes; past {@code timeout}, fails with the last error seen. */
    private static void poll(Duration timeout, String failure, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (check.passes()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
        throw new IllegalStateException(failure, last);
    }

    private Admin open() {
        Map<String, Object> config = new HashMap<>(credentials != null ? credentials.admin() : Map.of());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ADMIN_TIMEOUT.toMillis()));
        return Admin.create(config);
    }
}
