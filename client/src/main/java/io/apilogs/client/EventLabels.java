package io.apilogs.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The end user, tags and metadata of a conversation scope (API.md, issue 25), put on every event logged through it.
 * What an event sets itself wins: its user, its own metadata keys; its tags are added to the scope's.
 */
final class EventLabels {
    private String userId;
    private String userName;
    private final Set<String> tags = new LinkedHashSet<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    synchronized void user(String id, String name) {
        this.userId = id;
        this.userName = name;
    }

    synchronized void tags(String... names) {
        tags.addAll(java.util.List.of(names));
    }

    synchronized void metadata(String key, Object value) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw new IllegalArgumentException("metadata values are strings, numbers or booleans");
        }
        metadata.put(key, value);
    }

    synchronized void applyTo(ObjectNode event) {
        if (userId != null && !event.has("user")) {
            setUser(event, userId, userName);
        }
        if (!tags.isEmpty()) {
            ArrayNode own = event.has("tags") ? (ArrayNode) event.get("tags") : null;
            ArrayNode merged = event.putArray("tags");
            Set<String> all = new LinkedHashSet<>(tags);
            if (own != null) {
                own.forEach(tag -> all.add(tag.asText()));
            }
            all.forEach(merged::add);
        }
        if (!metadata.isEmpty()) {
            ObjectNode own = event.has("metadata") ? (ObjectNode) event.get("metadata") : null;
            ObjectNode merged = event.putObject("metadata");
            metadata.forEach((key, value) -> put(merged, key, value));
            if (own != null) {
                merged.setAll(own);
            }
        }
    }

    static void setUser(ObjectNode event, String id, String name) {
        ObjectNode user = event.putObject("user").put("id", id);
        if (name != null) {
            user.put("name", name);
        }
    }

    static void addTags(ObjectNode event, String... names) {
        ArrayNode array = event.has("tags") ? (ArrayNode) event.get("tags") : event.putArray("tags");
        for (String name : names) {
            array.add(name);
        }
    }

    static void put(ObjectNode metadata, String key, Object value) {
        if (value instanceof String text) {
            metadata.put(key, text);
        } else if (value instanceof Boolean flag) {
            metadata.put(key, flag);
        } else if (value instanceof java.math.BigDecimal decimal) {
            metadata.put(key, decimal);
        } else if (value instanceof Double || value instanceof Float) {
            metadata.put(key, ((Number) value).doubleValue());
        } else if (value instanceof Number number) {
            metadata.put(key, number.longValue());
        } else {
            throw new IllegalArgumentException("metadata values are strings, numbers or booleans");
        }
    }
}
