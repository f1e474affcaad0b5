package io.apilogs.model.auth;

/** The outcome of checking a presented key. */
public sealed interface KeyLookup {
    record Found(KeyInfo key) implements KeyLookup {
    }

    /** Unknown, malformed or revoked. */
    record Unknown() implements KeyLookup {
    }

    /** The key store could not be reached and the key is not cached: answer 503, not 401. */
    record Unavailable() implements KeyLookup {
    }

    KeyLookup UNKNOWN = new Unknown();
    KeyLookup UNAVAILABLE = new Unavailable();
}
