package io.apilogs.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.ingest.limits.RateLimiter;
import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.ingest.messaging.EventPublisher;
import io.apilogs.ingest.observe.IngestMetrics;
import io.apilogs.model.api.Problem;
import io.apilogs.model.event.Event;
import io.apilogs.model.validation.AcceptWindow;
import io.apilogs.model.validation.EventParser;
import io.apilogs.model.validation.Limits;
import io.apilogs.model.validation.ParsedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Reads a batch, validates every event, and publishes the valid ones. Runs on a worker thread. */
@ApplicationScoped
public class IngestService {
    private final EventPublisher publisher;
    private final BatchReader reader;
    private final EventParser parser;
    private final RateLimiter limiter;
    private final IngestMetrics metrics;

    public IngestService(IngestConfig config, EventPublisher publisher, RateLimiter limiter, IngestMetrics metrics,
                         @ConfigProperty(name = "apilogs.accept.past-days", defaultValue = AcceptWindow.DEFAULT_PAST_DAYS) int pastDays,
                         @ConfigProperty(name = "apilogs.accept.future", defaultValue = AcceptWindow.DEFAULT_FUTURE) Duration future,
                         @ConfigProperty(name = "apilogs.retention.days") Optional<Integer> retentionDays) {
        this.metrics = metrics;
        this.publisher = publisher;
        this.limiter = limiter;
        this.reader = new BatchReader(config.maxJsonDepth(), config.maxBodyBytes(), config.maxJsonTokens(), config.maxEventsPerBatch());
        AcceptWindow window = new AcceptWindow(Duration.ofDays(pastDays), future).withRetention(retentionDays.orElse(null));
        this.parser = new EventParser(new Limits(config.maxTextBytes(), config.maxNameBytes(), 500, 200, config.maxArrayLength(),
                config.maxHttpBodyBytes()), window, Clock.systemUTC());
    }

    /**
     * A batch on its way: the answer to give once {@code acks} completes. {@code acceptedByType} counts the events
     * the answer calls accepted (repeats of an eventId within the batch included), by type.
     */
    public record Submission(BatchResult result, int published, CompletableFuture<Void> acks, Map<String, Integer> acceptedByType) {
    }

    /** Validates the batch and sends its valid events; throws {@link BatchRejected} when the request as a whole is unusable. */
    public Submission submit(byte[] body, String workspaceId, String keyId, TreeCharge charge) {
        return publish(reader.read(body, charge), workspaceId, keyId);
    }

    /**
     * Rate-limits, validates (with redaction) and publishes events in the JSON of {@code POST /v1/events}; used for that
     * route and for OTLP spans mapped to events. Throws {@link BatchRejected} (429) when the key is over its limit.
     */
    public Submission publish(List<JsonNode> events, String workspaceId, String keyId) {
        return publish(events, workspaceId, keyId, UnaryOperator.identity());
    }

    /**
     * As {@link #publish(List, String, String)}, each valid event passed through {@code adjust} before it is published:
     * the OTLP routes use it for what only they may make (links to stand-in conversations, content sent apart).
     */
    public Submission publish(List<JsonNode> events, String workspaceId, String keyId, UnaryOperator<Event> adjust) {
        metrics.batch(events.size());
        RateLimiter.Decision decision = limiter.events(keyId, events.size());
        if (!decision.allowed()) {
            Map<String, Integer> byType = new TreeMap<>();
            events.forEach(event -> byType.merge(IngestMetrics.typeTag(event.path("type").asText(null)), 1, Integer::sum));
            metrics.rejected(byType, IngestMetrics.Reason.RATE_LIMITED);
            throw new BatchRejected(Problem.of(429, "Too Many Requests", "this key is over its rate limit of " + decision.limit()
                    + "; the batch was not accepted, retry it after " + decision.retryAfterSeconds() + " s"), decision.retryAfterSeconds());
        }
        List<Event> valid = new ArrayList<>(events.size());
        List<BatchResult.Rejection> rejections = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> acceptedByType = new TreeMap<>();
        Map<String, Integer> invalidByType = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            ParsedEvent parsed = parser.parse(events.get(i), workspaceId);
            String type = IngestMetrics.typeTag(events.get(i).path("type").asText(null));
            if (!parsed.valid()) {
                rejections.add(new BatchResult.Rejection(i, parsed.eventId(), parsed.errors()));
                invalidByType.merge(type, 1, Integer::sum);
                continue;
            }
            acceptedByType.merge(type, 1, Integer::sum);
            if (seen.add(parsed.eventId())) {
                valid.add(adjust.apply(parsed.event()));
            }
            // A repeat of an eventId within the batch counts as accepted: the first copy wins.
        }
        BatchResult result = new BatchResult(events.size() - rejections.size(), rejections.size(), rejections);
        metrics.rejected(invalidByType, IngestMetrics.Reason.INVALID);
        CompletableFuture<Void> acks = valid.isEmpty() ? CompletableFuture.completedFuture(null) : publisher.publishAll(valid);
        return new Submission(result, valid.size(), acks, acceptedByType);
    }
}
