package io.apilogs.query.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a Server-Sent Events stream for a while, or until what arrived matches, and returns its text. */
final class StreamReader {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private StreamReader() {
    }

    /** The status and the text that arrived within {@code window} (or until {@code done} matched). */
    record Read(int status, String text) {
    }

    static Read read(String url, Map<String, String> headers, Duration window, Predicate<String> done) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        StringBuffer text = new StringBuffer();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.body()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // closed below
            }
        }, "stream-reader");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline && !done.test(text.toString())) {
            Thread.sleep(50);
        }
        response.body().close();
        return new Read(response.statusCode(), text.toString());
    }
}
