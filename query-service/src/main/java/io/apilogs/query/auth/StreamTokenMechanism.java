package io.apilogs.query.auth;

import io.apilogs.security.HttpProblems;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/**
 * {@code ?streamToken=} for browsers' EventSource, only when no Authorization header is sent. The identity it yields
 * holds the {@code stream} role alone, which only the two stream resource methods allow: the token is matched by the
 * route its method is bound to, never by the shape of the path.
 */
@ApplicationScoped
public class StreamTokenMechanism implements HttpAuthenticationMechanism {
    public static final String PARAMETER = "streamToken";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return Uni.createFrom().nullItem();
        }
        List<String> tokens = context.queryParam(PARAMETER);
        if (tokens.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        StreamTokenRequest request = new StreamTokenRequest(tokens.size() == 1 ? tokens.get(0) : null);
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return Uni.createFrom().item(HttpProblems.challenge(context));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(StreamTokenRequest.class);
    }
}
