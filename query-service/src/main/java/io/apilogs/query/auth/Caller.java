package io.apilogs.query.auth;

import io.apilogs.security.Identities;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

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
}
