package io.apilogs.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code POST /v1/events} answering 202 and keeping the events, for unit tests of what the listener sends. */
final class IngestStub implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    IngestStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/events", exchange -> {
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            body.path("events").forEach(events::add);
            byte[] answer = ("{\"accepted\":" + body.path("events").size() + ",\"rejected\":0,\"errors\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<JsonNode> events() {
        return events;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
