package io.apilogs.query.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * Completes the generated OpenAPI document with what annotations would repeat on every method: the bearer scheme and
 * its requirement, and the problem+json answers each operation can give (400 for bad parameters or bodies, 401
 * without a valid credential, 403 for the wrong scope, 404 for an id not in the caller's workspace, 429 for streams
 * over the key's quota).
 */
public class OpenApiDocument implements OASFilter {
    static final String SCHEME = "bearer";
    private static final String PROBLEM = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.info(OASFactory.createInfo().title("API Logs query API").version("1")
                .description("Reads of what AI assistants did with LLMs: the activity log, timelines (REST and Server-Sent Events), "
                        + "call details, analytics and pricing; administration of workspaces, keys and prices. Errors are "
                        + "application/problem+json with field paths."));
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.components(components);
        components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A read or admin key of a workspace (al_read_…, al_admin_…); the operator token (APILOGS_ADMIN_TOKEN) "
                        + "for /v1/admin/workspaces and /v1/admin/keys. Stream routes also take ?streamToken= from POST /v1/stream-tokens."));
        components.addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                complete(path.getKey(), entry.getKey(), entry.getValue());
            }
        }
    }

    private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
        if (!path.startsWith("/v1/")) {
            return;
        }
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.responses(responses);
        boolean signIn = path.equals("/v1/session") && method == PathItem.HttpMethod.POST;
        if (!signIn) {
            operation.security(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
            problem(responses, "401", "no credential, or one that is unknown, revoked or expired");
            problem(responses, "403", "the credential's scope does not allow this request");
        }
        boolean takesInput = (operation.getParameters() != null && !operation.getParameters().isEmpty()) || operation.getRequestBody() != null;
        if (takesInput) {
            problem(responses, "400", "a bad parameter or body field, named in errors[].field");
        }
        if (path.contains("{")) {
            problem(responses, "404", "no such id in the caller's workspace (another workspace's ids answer the same)");
        }
        if (path.endsWith("/stream")) {
            problem(responses, "429", "the key holds as many open streams as it may (Retry-After)");
        }
    }

    private static void problem(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status) && responses.getAPIResponse(status).getContent() != null) {
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("the parameter or the body field's path, e.g. events[3].usage.inputTokens"))
                .addProperty("message", string);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError));
    }
}
