package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.SessionService;
import io.apilogs.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The web UI's session: redeem a one-time login token for a session key (the one public route of the service), say
 * who the caller is, and sign out.
 */
@Path("/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    public record SignIn(@NotNull @Size(max = 128) String loginToken) {
    }

    private final SessionService sessions;
    private final Caller caller;

    public SessionResource(SessionService sessions, Caller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    /** Public by design: the login token in the body is the credential, good once. */
    @PermitAll
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "a read key for the browser session (12 h)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = io.apilogs.query.service.SessionService.NewSession.class)))
    public Uni<Response> signIn(@Valid @NotNull SignIn body) {
        return sessions.signIn(body.loginToken()).map(session -> {
            if (session == null) {
                throw Problems.badParameter("loginToken", "is invalid, expired or already used; ask for a new sign-in link");
            }
            return Response.status(201).entity(session).build();
        });
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    public Uni<SessionService.SessionView> describe() {
        return sessions.describe(caller.keyId()).onItem().ifNull().failWith(() -> Problems.notFound("key " + caller.keyId()));
    }

    /** Ends a web session: its session key is revoked. A long-lived key is not revoked (204 all the same). */
    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @DELETE
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "signed out")
    public Uni<Response> signOut() {
        return sessions.signOut(caller.keyId()).map(ended -> Response.noContent().build());
    }
}
