package io.apilogs.security;

import io.quarkus.security.AuthenticationFailedException;

/**
 * The key store could not be reached and the key is not cached: the answer is 503 with Retry-After, not 401. It
 * travels as the cause of an {@link AuthenticationFailedException} (which is final), see {@link #failure()}.
 */
public class KeyStoreUnavailableException extends RuntimeException {
    public static final String MESSAGE = "the key store is unreachable; retry later";

    public KeyStoreUnavailableException() {
        super(MESSAGE, null, false, false);
    }

    /** The authentication failure to raise. */
    public static AuthenticationFailedException failure() {
        return new AuthenticationFailedException(MESSAGE, new KeyStoreUnavailableException());
    }

    public static boolean isCauseOf(Throwable failure) {
        return HttpProblems.causedBy(failure, KeyStoreUnavailableException.class);
    }
}
