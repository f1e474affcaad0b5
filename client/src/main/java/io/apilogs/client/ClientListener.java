package io.apilogs.client;

import java.util.List;

/** Hears what the client can't fix by retrying. Called on the client's thread; keep it quick. */
public interface ClientListener {
    /** The server refused these events (invalid, with its reasons, or a 4xx other than 429 for the whole batch). */
    default void refused(List<String> eventIds, int status, String detail) {
    }

    /** The buffer was full and dropped these events ({@link Overflow#DROP_OLDEST}), or close gave up on them. */
    default void dropped(List<String> eventIds, String why) {
    }
}
