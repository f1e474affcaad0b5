package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;
import io.apilogs.query.auth.Signer;
import io.apilogs.query.auth.SigningKeys;
import io.apilogs.query.InvalidInput;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Opaque keyset cursors: signed JSON, so a cursor not made by this service is refused with 400. */
@ApplicationScoped
public class Cursors {
    private final Signer signer;

    public Cursors(SigningKeys keys) {
        this.signer = keys.cursors();
    }

    public String encode(ObjectNode position) {
        position.put("k", "cursor");
        return signer.sign(position.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The position, or null when no cursor was given. */
    public JsonNode decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        byte[] payload = signer.verify(cursor);
        try {
            JsonNode position = payload == null ? null : Json.CANONICAL.readTree(payload);
            if (position != null && "cursor".equals(position.path("k").asText())) {
                return position;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new InvalidInput("cursor", "is not a cursor made by this service");
    }
}
