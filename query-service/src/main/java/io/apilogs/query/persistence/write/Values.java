package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.apilogs.model.Json;
import io.apilogs.query.persistence.PoisonEventException;

/** How event fields become column values: JSON text in the canonical form; keys of rows by workspace. */
final class Values {
    private Values() {
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("a field of the event cannot be written as JSON", e);
        }
    }

    /** A key for maps of rows: workspace and id, which never contain NUL. */
    static String key(String workspaceId, String id) {
        return workspaceId + '\u0000' + id;
    }
}
