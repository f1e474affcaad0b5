package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;
import io.apilogs.query.auth.Signer;
import io.apilogs.query.auth.SigningKeys;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityReads;
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

    /**
     * Where a keyset page starts: the position a cursor of {@link #next} carries, or null when none was given. A cursor
     * is good only for the list ({@code null}: the activity log), sort and order it was made for.
     */
    public ActivityReads.Position after(String cursor, String list, String sort, boolean descending) {
        JsonNode position = decode(cursor);
        if (position == null) {
            return null;
        }
        if (!(list == null ? !position.has("e") : list.equals(position.path("e").asText()))
                || !sort.equals(position.path("s").asText()) || descending != position.path("d").asBoolean()) {
            throw new InvalidInput("cursor", "was made for another list, sort or order");
        }
        JsonNode value = position.get("v");
        return new ActivityReads.Position(value == null || value.isNull() ? null : value.asText(), position.path("id").asText());
    }

    /** The cursor of the page after {@code next}, or null when there is none. */
    public String next(String list, String sort, boolean descending, ActivityReads.Position next) {
        if (next == null) {
            return null;
        }
        ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (list != null) {
            body.put("e", list);
        }
        body.put("s", sort);
        body.put("d", descending);
        body.put("id", next.id());
        body.put("v", next.value());
        return encode(body);
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
