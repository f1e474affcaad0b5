package io.apilogs.query.health;

import io.apilogs.model.Topics;
import io.apilogs.query.observe.WriterLag;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Kafka as the query-service sees it: whether the broker describes {@code apilogs.events}, and the writer group's lag.
 * It is reported but never makes the replica unready: this service's traffic (the API, streams and UI) is served from
 * PostgreSQL, which Quarkus' own readiness check covers, and while Kafka is away the writer only waits (its consumer
 * resumes from the committed offsets). A read-only replica ({@code APILOGS_WRITER_ENABLED=false}) doesn't ask Kafka.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    private final WriterLag lag;

    public KafkaReadiness(WriterLag lag) {
        this.lag = lag;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka").withData("topic", Topics.EVENTS);
        if (!lag.writerEnabled()) {
            return response.withData("writer", "off: this replica only reads").up().build();
        }
        WriterLag.Snapshot now = lag.read();
        if (!now.reachable()) {
            return response.withData("broker", "unreachable").withData("reason", now.problem())
                    .withData("writer", "waiting: it resumes from the committed offsets").up().build();
        }
        return response.withData("broker", "reachable").withData("partitions", now.partitions())
                .withData("writerLag", now.totalLag()).up().build();
    }
}
