package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;
import io.apilogs.model.Times;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Short-lived tokens that let a browser's EventSource, which cannot send headers, open the streams of one workspace.
 * Long-lived keys never go in URLs.
 */
@ApplicationScoped
public class StreamTokens {
    public static final Duration VALIDITY = Duration.ofSeconds(60);
    private final Signer signer;

    public StreamTokens(Signer signer) {
        this.signer = signer;
    }

    public ObjectNode issue(String workspaceId) {
        Instant expires = Instant.now().plus(VALIDITY);
        ObjectNode payload = Views.JSON.objectNode();
        payload.put("k", "stream");
        payload.put("w", workspaceId);
        payload.put("e", expires.toEpochMilli());
        ObjectNode result = Views.JSON.objectNode();
        result.put("token", signer.sign(payload.toString().getBytes(StandardCharsets.UTF_8)));
        result.put("expiresAt", Times.format(expires));
        return result;
    }

    /** The workspace the token opens, or null when it is invalid or expired. */
    public String workspace(String token) {
        byte[] payload = signer.verify(token);
        if (payload == null) {
            return null;
        }
        try {
            JsonNode node = Json.CANONICAL.readTree(payload);
            if (!"stream".equals(node.path("k").asText()) || node.path("e").asLong() < System.currentTimeMillis()) {
                return null;
            }
            return node.path("w").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
