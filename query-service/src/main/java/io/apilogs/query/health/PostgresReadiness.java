package io.apilogs.query.health;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Ready only when PostgreSQL answers on the reactive pool, which serves every read, stream and write. Quarkus' own
 * datasource checks are off: its JDBC pool serves only Flyway at startup, and after a database restart its idle
 * connection kept readiness down long after the database was back.
 */
@Readiness
@ApplicationScoped
public class PostgresReadiness implements HealthCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;

    public PostgresReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            pool.query("select 1").execute().await().atMost(TIMEOUT);
            return HealthCheckResponse.up("postgresql");
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").withData("reason", "no answer within " + TIMEOUT.toSeconds() + " s: "
                    + e.getClass().getSimpleName()).down().build();
        }
    }
}
