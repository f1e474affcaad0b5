package io.apilogs.ingest.health;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * PostgreSQL, where ingest looks up keys. It is reported but never makes ingest unready: keys already seen stay
 * cached (a revocation still ends them within 60 s), so while the database is down ingest keeps accepting from known
 * keys rather than losing their events. Only keys not yet cached are answered 503 meanwhile.
 */
@Readiness
@ApplicationScoped
public class KeyStoreReadiness implements HealthCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Pool pool;

    public KeyStoreReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("postgresql").up();
        try {
            pool.query("select 1").execute().await().atMost(TIMEOUT);
            return response.withData("keys", "looked up in the database").build();
        } catch (Exception e) {
            return response.withData("keys", "the database is unreachable (" + e.getClass().getSimpleName()
                    + "); cached keys keep working, others are answered 503").build();
        }
    }
}
