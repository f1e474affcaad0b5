package io.apilogs.query.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A stream token presented in {@code ?streamToken=}. */
public class StreamTokenRequest extends BaseAuthenticationRequest {
    private final String token;

    public StreamTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
