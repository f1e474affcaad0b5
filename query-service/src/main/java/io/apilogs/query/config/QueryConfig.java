package io.apilogs.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "apilogs")
public interface QueryConfig {
    /** The operator's token for workspace and key administration. Without it, those endpoints answer 401. */
    Optional<String> adminToken();

    /** Signs pagination cursors so that a cursor this service did not make is refused. */
    @WithDefault("apilogs-cursor-secret-change-me")
    String cursorSecret();
}
