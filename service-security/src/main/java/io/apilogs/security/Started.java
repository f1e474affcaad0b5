package io.apilogs.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import java.time.Instant;

/** {@code /q/health/started} of both services: up once the application has started (configuration and secrets read, schema migrated, clients created). */
@Startup
@ApplicationScoped
public class Started implements HealthCheck {
    private volatile Instant startedAt;

    void started(@Observes StartupEvent event) {
        startedAt = Instant.now();
    }

    @Override
    public HealthCheckResponse call() {
        Instant at = startedAt;
        return at == null ? HealthCheckResponse.down("started")
                : HealthCheckResponse.named("started").withData("at", at.toString()).up().build();
    }
}
