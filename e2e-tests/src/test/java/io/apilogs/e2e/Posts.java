package io.apilogs.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posting as a well-behaved client under load does: the same batch again after 429, 503 or a dropped connection. */
final class Posts {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Posts() {
    }

    /** Posts until 202 and returns the retries; fails on any other answer, or when {@code giveUpAfter} has passed. */
    static long untilAccepted(String ingest, String key, String body, Duration giveUpAfter) throws InterruptedException {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long retries = 0;
        while (true) {
            long waitMs = 200;
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/events"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 202) {
                    return retries;
                }
                if (status != 429 && status != 503) {
                    throw new AssertionError("ingest answered " + status + ": " + response.body().substring(0, Math.min(500, response.body().length())));
                }
                waitMs = response.headers().firstValue("Retry-After").map(s -> Long.parseLong(s.trim()) * 1000).orElse(200L);
            } catch (IOException e) {
                // connection refused or dropped: the service is restarting
            }
            retries++;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not accepted after " + retries + " tries in " + giveUpAfter);
            }
            Thread.sleep(Math.min(waitMs, 2000));
        }
    }
}
