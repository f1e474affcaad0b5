package io.apilogs.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Creates workspaces and keys through query-service's admin API, as an operator would. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String queryUrl;
    private final String adminToken;

    public AdminClient(String queryUrl, String adminToken) {
        this.queryUrl = queryUrl;
        this.adminToken = adminToken;
    }

    /** A new workspace with one key of each scope. */
    public record Workspace(String id, String ingestKey, String readKey, String adminKey) {
    }

    public Workspace createWorkspace(String name) {
        String id = post("/v1/admin/workspaces", Map.of("name", name)).get("id").asText();
        return new Workspace(id, createKey(id, "ingest"), createKey(id, "read"), createKey(id, "admin"));
    }

    public String createKey(String workspaceId, String scope) {
        return post("/v1/admin/workspaces/" + workspaceId + "/keys", Map.of("scope", scope, "name", scope + " key")).get("key").asText();
    }

    /** A one-time link that signs the web UI in to the workspace (valid 15 minutes, good once). */
    public String loginUrl(String workspaceId) {
        return queryUrl + "/?login=" + post("/v1/admin/workspaces/" + workspaceId + "/login-tokens", Map.of()).get("token").asText();
    }

    private JsonNode post(String path, Map<String, String> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
