package io.apilogs.query.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * A token names its purpose, workspace, the key that minted it, and when it was issued and expires; it is signed with
 * the stream-token sub-key. Long-lived keys never go in URLs.
 */
@ApplicationScoped
public class StreamTokens {
    public static final Duration VALIDITY = Duration.ofSeconds(60);
    static final String PURPOSE = "stream";
    /** Tolerated clock difference between replicas for the issue time. */
    private static final long SKEW_MS = 5_000;

    /** What a valid token grants. */
    public record Claims(String workspaceId, String keyId) {
    }

    private final Signer signer;

    public StreamTokens(SigningKeys keys) {
        this.signer = keys.streamTokens();
    }

    public io.apilogs.query.view.StreamToken issue(String workspaceId, String keyId) {
        Instant issued = Instant.now();
        Instant expires = issued.plus(VALIDITY);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("p", PURPOSE);
        payload.put("w", workspaceId);
        payload.put("k", keyId);
        payload.put("i", issued.toEpochMilli());
        payload.put("e", expires.toEpochMilli());
        return new io.apilogs.query.view.StreamToken(signer.sign(payload.toString().getBytes(StandardCharsets.UTF_8)),
                Times.format(expires));
    }

    /** The claims of a valid, unexpired token, or null. A token may not live longer than {@link #VALIDITY}. */
    public Claims verify(String token, long nowMillis) {
        byte[] payload = signer.verify(token);
        if (payload == null) {
            return null;
        }
        try {
            JsonNode node = Json.CANONICAL.readTree(payload);
            if (!node.path("i").isIntegralNumber() || !node.path("e").isIntegralNumber()) {
                return null;
            }
            long issued = node.path("i").longValue();
            long expires = node.path("e").longValue();
            String workspace = node.path("w").textValue();
            String keyId = node.path("k").textValue();
            boolean valid = PURPOSE.equals(node.path("p").textValue()) && workspace != null && keyId != null
                    && issued <= nowMillis + SKEW_MS && expires > nowMillis && expires >= issued
                    && expires - issued <= VALIDITY.toMillis() && expires <= nowMillis + VALIDITY.toMillis() + SKEW_MS;
            return valid ? new Claims(workspace, keyId) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
