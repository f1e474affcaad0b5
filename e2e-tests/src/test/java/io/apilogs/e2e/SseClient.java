package io.apilogs.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A minimal Server-Sent Events reader for tests: events land in a queue as they arrive. */
final class SseClient implements AutoCloseable {
    record Event(String event, String id, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sse-reader");
        thread.setDaemon(true);
        return thread;
    });
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;
    private volatile boolean ended;

    SseClient(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        // Read on a thread of our own: a dependent action may otherwise run in whichever thread calls get().
        response.thenAcceptAsync(r -> {
            if (r.statusCode() != 200) {
                return;
            }
            lines = r.body();
            String[] current = new String[3];
            StringBuilder data = new StringBuilder();
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(current[0], current[1], data.toString()));
                        }
                        current[0] = null;
                        current[1] = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        current[0] = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        current[1] = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                });
            } catch (RuntimeException e) {
                // closed by the test
            }
            ended = true;
        }, READERS);
    }

    /** True once the server closed the stream. */
    boolean ended() {
        return ended;
    }

    int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        response.cancel(true);
        if (lines != null) {
            lines.close();
        }
    }
}
