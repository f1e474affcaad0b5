package io.apilogs.model.ratelimit;

import java.time.Instant;

/** One rate-limit window; each part is null when its header is absent or unreadable. {@code resetAt} is absolute. */
public record Window(Long limit, Long remaining, Instant resetAt) {
}
