package io.apilogs.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for a model provider: answers each request with the next recorded response of
 * {@code recorded/*.json} (status, headers, and a JSON body or an SSE stream), and keeps the requests it got.
 */
public final class RecordedProvider implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final ConcurrentLinkedQueue<JsonNode> answers = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    public RecordedProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.add(MAPPER.readTree(exchange.getRequestBody()));
            JsonNode answer = answers.poll();
            if (answer == null) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            byte[] body = answer.has("sse") ? answer.get("sse").asText().getBytes(StandardCharsets.UTF_8)
                    : MAPPER.writeValueAsBytes(answer.get("body"));
            exchange.getResponseHeaders().add("Content-Type", answer.path("contentType").asText("application/json"));
            answer.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
            exchange.sendResponseHeaders(answer.path("status").asInt(200), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Queues the recorded response {@code recorded/<name>.json} for the next request. */
    public RecordedProvider answer(String name) {
        answers.add(recorded(name));
        return this;
    }

    public static JsonNode recorded(String name) {
        try (InputStream in = RecordedProvider.class.getResourceAsStream("/recorded/" + name + ".json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL a LangChain4j model is given, e.g. {@code http://127.0.0.1:1234/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<JsonNode> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
