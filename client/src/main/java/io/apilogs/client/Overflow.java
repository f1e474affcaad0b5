package io.apilogs.client;

/** What {@link ApiLogsClient#log} does when its buffer is full (the server is slower than the assistant, or away). */
public enum Overflow {
    /** Drop the oldest buffered event to make room, and count it ({@link ClientStats#dropped()}). Logging never blocks. */
    DROP_OLDEST,
    /** Wait for room: logging slows the caller down, but nothing is dropped while the client runs. */
    BLOCK
}
