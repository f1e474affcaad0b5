package io.apilogs.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The operator token opens every workspace's keys: a short one could be guessed. A service given one shorter than
 * {@value #MIN_LENGTH} characters refuses to start. Unset is fine (the operator routes then answer 401).
 */
@ApplicationScoped
public class OperatorTokenCheck {
    static final int MIN_LENGTH = 32;

    void onStart(@Observes StartupEvent event, @ConfigProperty(name = "apilogs.admin-token") Optional<String> token) {
        check(token);
    }

    static void check(Optional<String> token) {
        if (token.isPresent() && !token.get().isBlank() && token.get().length() < MIN_LENGTH) {
            throw new IllegalStateException("APILOGS_ADMIN_TOKEN is shorter than " + MIN_LENGTH
                    + " characters: set a long random value (./apilogs up generates one); refusing to start");
        }
    }
}
