package io.apilogs.query.auth;

import io.apilogs.model.auth.KeyLookup;
import io.apilogs.security.Identities;
import io.apilogs.security.KeyStore;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.function.Supplier;

/** The authenticated caller of a request: the workspace and key come from its credential, never from the request. */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String workspaceId() {
        return Identities.workspaceId(identity);
    }

    public String keyId() {
        return identity.getAttribute(Identities.KEY_ID);
    }

    /**
     * Whether the key behind this caller's credential (an API key, or the key that minted a stream token) is still
     * valid: false once it is revoked; true while the key store is unreachable, as for any known key.
     */
    public Supplier<Uni<Boolean>> stillAllowed(KeyStore keys) {
        String workspace = workspaceId();
        String keyId = keyId();
        return () -> keys.byId(keyId).map(lookup -> lookup instanceof KeyLookup.Unavailable
                || lookup instanceof KeyLookup.Found found && found.key().workspaceId().equals(workspace));
    }
}
