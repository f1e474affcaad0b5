package io.apilogs.query.auth;

import io.apilogs.model.auth.KeyLookup;
import io.apilogs.security.Identities;
import io.apilogs.security.KeyStore;
import io.apilogs.security.KeyStoreUnavailableException;
import io.apilogs.security.Roles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A valid, unexpired stream token whose minting key is still active (revoking the key ends its tokens within the key
 * cache's bound) becomes an identity with the {@code stream} role in the token's workspace.
 */
@ApplicationScoped
public class StreamTokenIdentityProvider implements IdentityProvider<StreamTokenRequest> {
    private final StreamTokens tokens;
    private final KeyStore keys;

    public StreamTokenIdentityProvider(StreamTokens tokens, KeyStore keys) {
        this.tokens = tokens;
        this.keys = keys;
    }

    @Override
    public Class<StreamTokenRequest> getRequestType() {
        return StreamTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(StreamTokenRequest request, AuthenticationRequestContext context) {
        StreamTokens.Claims claims = tokens.verify(request.token(), System.currentTimeMillis());
        if (claims == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the stream token is invalid or expired"));
        }
        return keys.byId(claims.keyId()).map(lookup -> {
            if (lookup instanceof KeyLookup.Found found && found.key().workspaceId().equals(claims.workspaceId())) {
                return Identities.of(found.key(), Roles.STREAM);
            }
            if (lookup instanceof KeyLookup.Unavailable) {
                throw KeyStoreUnavailableException.failure();
            }
            throw new AuthenticationFailedException("the key that issued this stream token was revoked");
        });
    }
}
