package io.apilogs.security;

import io.apilogs.model.auth.KeyLookup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Turns a bearer credential into an identity. The operator token (configured as {@code apilogs.admin-token}, only on
 * the service that administers workspaces) gives the {@code operator} role; an API key gives the role of its scope
 * and its workspace. Unknown or revoked: 401. Key store down and the key not cached: 503.
 */
@ApplicationScoped
public class KeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private final KeyStore keys;
    private final byte[] operatorToken;

    public KeyIdentityProvider(KeyStore keys, @ConfigProperty(name = "apilogs.admin-token") Optional<String> operatorToken) {
        this.keys = keys;
        this.operatorToken = operatorToken.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String presented = request.getToken().getToken();
        if (operatorToken != null && MessageDigest.isEqual(operatorToken, presented.getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().item(Identities.operator());
        }
        return keys.presented(presented).map(lookup -> {
            if (lookup instanceof KeyLookup.Found found) {
                return Identities.of(found.key(), found.key().scope().wireName());
            }
            if (lookup instanceof KeyLookup.Unavailable) {
                throw KeyStoreUnavailableException.failure();
            }
            throw new AuthenticationFailedException("the key is unknown or revoked");
        });
    }
}
