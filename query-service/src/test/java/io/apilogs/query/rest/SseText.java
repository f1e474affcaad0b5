package io.apilogs.query.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** An open Server-Sent Events stream whose text is gathered as it comes (a daemon thread reads it), for the live tests. */
final class SseText implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final HttpResponse<InputStream> response;

    /** Opens {@code url} with the key and waits for the stream's first line ("open"). */
    SseText(String url, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + key).build();
        response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = response.body()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // closed
            }
        });
        reader.setDaemon(true);
        reader.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> text.indexOf("open") >= 0);
    }

    String text() {
        return text.toString();
    }

    /** Every match of {@code regex}'s first group in the text so far, in order. */
    List<String> found(String regex) {
        Matcher found = Pattern.compile(regex).matcher(text);
        List<String> all = new ArrayList<>();
        while (found.find()) {
            all.add(found.group(1));
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
