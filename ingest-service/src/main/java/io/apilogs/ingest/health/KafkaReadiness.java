package io.apilogs.ingest.health;

import io.apilogs.model.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ready only when a batch could be published now: the broker answers and every partition of {@code apilogs.events}
 * has a leader. A replica that can't publish would answer 503 to every batch, so it leaves the load balancer instead.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.admin = Admin.create(io.apilogs.security.KafkaClients.connection(kafkaConfig, Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "apilogs-ingest-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka").withData("topic", Topics.EVENTS);
        try {
            TopicDescription topic = admin.describeTopics(List.of(Topics.EVENTS)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(Topics.EVENTS);
            long leaderless = topic.partitions().stream().filter(p -> p.leader() == null || p.leader().isEmpty()).count();
            response.withData("partitions", topic.partitions().size());
            int minIsr = topic.partitions().stream().mapToInt(p -> p.isr().size()).min().orElse(0);
            response.withData("smallestIsr", minIsr);
            if (leaderless > 0) {
                return response.withData("reason", leaderless + " partitions have no leader").down().build();
            }
            return response.up().build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return response.withData("reason", "the broker did not describe the topic within " + TIMEOUT.toSeconds() + " s: "
                    + cause.getClass().getSimpleName()).down().build();
        }
    }

    void close(@Observes ShutdownEvent event) {
        admin.close(Duration.ofSeconds(2));
    }

}
