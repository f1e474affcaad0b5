package io.apilogs.client;

/**
 * What a client has done so far: events logged, acknowledged by the server (stored or a duplicate of a stored one),
 * refused by it (invalid, listed by its 207 or a 4xx), dropped by the buffer's overflow policy or at close, and how
 * many times a batch was sent again.
 */
public record ClientStats(long logged, long acknowledged, long refused, long dropped, long retries, int buffered) {
}
