package io.apilogs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Sends one batch to {@code POST /v1/events} until the server takes it: on 429 after its {@code Retry-After}, on 5xx
 * and network errors after a jittered exponential backoff, always with the same eventIds, so a retry of a batch the
 * server already stored is stored once. A 4xx other than 429 is not retried: its events are reported as refused.
 */
final class Sender {
    /** What became of a batch. */
    record Outcome(int acknowledged, List<String> refused, int status, String detail, boolean gaveUp) {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final ObjectMapper mapper;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration requestTimeout;

    Sender(HttpClient http, URI endpoint, String ingestKey, ObjectMapper mapper, Duration backoffBase, Duration backoffCap,
           Duration requestTimeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.authorization = "Bearer " + ingestKey;
        this.mapper = mapper;
        this.backoffBase = backoffBase;
        this.backoffCap = backoffCap;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Sends until an answer settles the batch. {@code keepTrying} is asked before each retry: false (the client is
     * closing and its deadline passed) gives up, and the outcome says so. {@code onRetry} counts retries.
     */
    Outcome send(List<ObjectNode> events, BooleanSupplier keepTrying, Runnable onRetry) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode array = body.putArray("events");
        events.forEach(array::add);
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; ; attempt++) {
            long waitMillis;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                        .header("Authorization", authorization).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 202 || status == 207) {
                    return accepted(events, status, response.body());
                }
                if (status == 429 || status >= 500) {
                    waitMillis = retryAfter(response).orElse(backoff(attempt));
                } else {
                    List<String> ids = new ArrayList<>();
                    events.forEach(e -> ids.add(e.path("eventId").asText()));
                    return new Outcome(0, ids, status, response.body(), false);
                }
            } catch (IOException e) {
                waitMillis = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                waitMillis = 0;
            }
            if (!keepTrying.getAsBoolean()) {
                return new Outcome(0, List.of(), 0, "gave up while closing", true);
            }
            onRetry.run();
            sleep(waitMillis, keepTrying);
        }
    }

    private Outcome accepted(List<ObjectNode> events, int status, String body) {
        if (status == 202) {
            return new Outcome(events.size(), List.of(), status, null, false);
        }
        List<String> refused = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        try {
            JsonNode answer = mapper.readTree(body);
            for (JsonNode rejection : answer.path("errors")) {
                refused.add(rejection.path("eventId").asText(null));
                rejection.path("errors").forEach(e -> detail.append(detail.length() == 0 ? "" : "; ")
                        .append(e.path("field").asText()).append(' ').append(e.path("message").asText()));
            }
        } catch (IOException e) {
            detail.append("an unreadable 207 answer");
        }
        return new Outcome(events.size() - refused.size(), refused, status, detail.toString(), false);
    }

    private static java.util.Optional<Long> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Math.max(0, Long.parseLong(value.trim())) * 1000);
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    /** Full jitter: a random wait up to base × 2^attempt, capped. */
    long backoff(int attempt) {
        long ceiling = Math.min(backoffCap.toMillis(), backoffBase.toMillis() << Math.min(attempt, 20));
        return ThreadLocalRandom.current().nextLong(Math.max(1, ceiling / 2), Math.max(2, ceiling + 1));
    }

    private static void sleep(long millis, BooleanSupplier keepTrying) {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end && keepTrying.getAsBoolean()) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, end - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
