package io.apilogs.query.persistence;

/**
 * The writer cannot store an event because of the event's own content (not because of the database's state or a bug
 * in the writer): no retry can cure it, so the event goes to the dead-letter topic.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
