package io.apilogs.ingest.rest;

import io.apilogs.ingest.otlp.OtlpIngest;
import io.apilogs.ingest.service.IngestService;
import io.apilogs.security.HttpProblems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * {@code POST /v1/events} and the OTLP routes as plain Vert.x routes rather than REST resources, so the body limit is
 * enforced while the body streams in ({@link BodyIntake}). Each route says what to do with a body and how to answer.
 */
@ApplicationScoped
public class EventsRoute {
    /** After Quarkus Security's authentication (-200) and authorization (-100) handlers. */
    static final int ORDER = -50;

    private final IngestService service;
    private final OtlpIngest otlp;
    private final BodyIntake intake;

    public EventsRoute(IngestService service, OtlpIngest otlp, BodyIntake intake) {
        this.service = service;
        this.otlp = otlp;
        this.intake = intake;
    }

    void install(@Observes Router router) {
        router.post("/v1/events").order(ORDER).handler(ctx -> intake.handle(ctx, EventsRoute::isJson, "application/json", (body, type, ws, key, charge) -> {
            IngestService.Submission submission = service.submit(body, ws, key, charge);
            return new BodyIntake.Pending(submission, answered -> answerEvents(answered, submission));
        }));
        router.post(OTLP_TRACES).order(ORDER).handler(ctx -> intake.handle(ctx, OtlpIngest::accepts, "application/x-protobuf or application/json",
                (body, type, ws, key, charge) -> {
                    OtlpIngest.Export export = otlp.submit(body, type, ws, key, charge);
                    return new BodyIntake.Pending(export.submission(), answered -> answerOtlp(answered, export));
                }));
        router.post(OTLP_LOGS).order(ORDER).handler(ctx -> intake.handle(ctx, OtlpIngest::accepts, "application/x-protobuf or application/json",
                (body, type, ws, key, charge) -> {
                    OtlpIngest.Export export = otlp.submitLogs(body, type, ws, key, charge);
                    return new BodyIntake.Pending(export.submission(), answered -> answerOtlp(answered, export));
                }));
        for (String path : new String[] {"/v1/events", OTLP_TRACES, OTLP_LOGS}) {
            router.route(path).order(ORDER + 1).handler(ctx -> {
                ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
                HttpProblems.send(ctx, 405, "Method Not Allowed", path + " takes POST only");
            });
        }
    }

    static final String OTLP_TRACES = "/v1/otlp/v1/traces";
    static final String OTLP_LOGS = "/v1/otlp/v1/logs";

    private static void answerOtlp(RoutingContext ctx, OtlpIngest.Export export) {
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, export.contentType()).end(Buffer.buffer(export.response()));
    }

    private void answerEvents(RoutingContext ctx, IngestService.Submission submission) {
        int status = submission.result().rejected() == 0 ? 202 : 207;
        HttpProblems.send(ctx, status, "application/json", submission.result());
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
