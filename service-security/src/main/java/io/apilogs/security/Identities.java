package io.apilogs.security;

import io.apilogs.model.auth.KeyInfo;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Builds identities and reads the workspace from one: the workspace always comes from the credential. */
public final class Identities {
    public static final String WORKSPACE = "apilogs.workspace";
    public static final String KEY_ID = "apilogs.key-id";

    private Identities() {
    }

    /** An identity for a key (or a token minted by a key), with the given role. */
    public static SecurityIdentity of(KeyInfo key, String role) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(key.keyId()))
                .addRole(role)
                .addAttribute(WORKSPACE, key.workspaceId())
                .addAttribute(KEY_ID, key.keyId())
                .build();
    }

    public static SecurityIdentity operator() {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(Roles.OPERATOR)).addRole(Roles.OPERATOR).build();
    }

    /** The workspace the identity is confined to; fails for identities without one (the operator, anonymous). */
    public static String workspaceId(SecurityIdentity identity) {
        String workspace = identity == null ? null : identity.getAttribute(WORKSPACE);
        if (workspace == null) {
            throw new IllegalStateException("no authenticated workspace on this request");
        }
        return workspace;
    }
}
