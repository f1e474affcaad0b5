package io.apilogs.model.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;

import java.io.IOException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an event says about who and what it was for (issue 25): the end user, tags and metadata, all optional. A
 * conversation shows its latest user and the union of its events' tags, and matches a {@code user}, {@code tag} or
 * {@code meta.<key>} filter when any of its events carries that value.
 *
 * @param user     the end user, or null
 * @param tags     at most 20, distinct, in the order given; never null
 * @param metadata an object of at most 50 keys whose values are strings, numbers or booleans; or null
 */
public record Labels(UserRef user, List<String> tags, @JsonDeserialize(using = Labels.Tree.class) JsonNode metadata) {
    /**
     * Metadata is always read as a tree, whatever deserializer a reader registers for {@link JsonNode}: the writer
     * reads event JSON as slices of the record's bytes, and the filter values need the keys.
     */
    public static final class Tree extends JsonDeserializer<JsonNode> {
        @SuppressWarnings("unchecked")
        private static final JsonDeserializer<JsonNode> TREE =
                (JsonDeserializer<JsonNode>) (JsonDeserializer<?>) JsonNodeDeserializer.getDeserializer(JsonNode.class);

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return TREE.deserialize(p, ctxt);
        }
    }

    public Labels {
        tags = tags == null ? List.of() : List.copyOf(tags);
        metadata = metadata == null || metadata.isNull() || metadata.isEmpty() ? null : metadata;
    }

    /** Null when there is nothing to say, so that an event without labels carries none. */
    public static Labels orNull(UserRef user, List<String> tags, JsonNode metadata) {
        Labels labels = new Labels(user, tags, metadata);
        return labels.isEmpty() ? null : labels;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return user == null && tags.isEmpty() && metadata == null;
    }

    /**
     * The values a filter finds, one text each: {@code u:<user id>}, {@code t:<tag>} and {@code m:<key>=<value>}. A
     * metadata value is its text: a string as it is, a number in plain notation without trailing zeros ({@code 42},
     * {@code 1.5}), a boolean as {@code true} or {@code false}.
     */
    public List<String> filterValues() {
        List<String> values = new ArrayList<>();
        if (user != null && user.id() != null) {
            values.add(userValue(user.id()));
        }
        tags.forEach(tag -> values.add(tagValue(tag)));
        if (metadata != null) {
            for (Map.Entry<String, JsonNode> field : metadata.properties()) {
                values.add(metaValue(field.getKey(), text(field.getValue())));
            }
        }
        return values;
    }

    public static String userValue(String userId) {
        return "u:" + userId;
    }

    public static String tagValue(String tag) {
        return "t:" + tag;
    }

    public static String metaValue(String key, String value) {
        return "m:" + key + "=" + value;
    }

    /** A metadata value as filters compare it. */
    public static String text(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.signum() == 0 ? "0" : number.toPlainString();
        }
        return value.asText();
    }
}
