package io.apilogs.query.persistence.read;

import io.apilogs.model.event.Labels;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.write.ItemValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code user}, {@code tag}, {@code meta.<key>=<value>}, {@code errorType}, {@code httpStatus} and
 * {@code stopReason} filters (issue 25) as groups of values ({@link Labels#filterValues}, {@link ItemValues}): a conversation matches a group when any of its events carried one of the group's
 * values, and matches the filter when it matches every group. So values of one parameter are ORed ({@code user=a&user=b}),
 * parameters ANDed ({@code user=a&tag=refund}), and each metadata key is a parameter of its own.
 */
public record LabelFilter(List<List<String>> groups) {
    public static final LabelFilter NONE = new LabelFilter(List.of());
    static final int MAX_META_KEYS = 50;

    /** {@code meta} by key (without the {@code meta.} prefix); a 400 naming {@code meta.<key>} for a key no event can have. */
    public static LabelFilter parse(List<String> users, List<String> tags, Map<String, List<String>> meta) {
        return parse(users, tags, meta, List.of(), List.of(), List.of());
    }

    /**
     * With the outcome filters: {@code errorType} (an error's type), {@code httpStatus} (an error's HTTP status, or an
     * HTTP request's status code; 100-599, else a 400) and {@code stopReason}, each repeatable.
     */
    public static LabelFilter parse(List<String> users, List<String> tags, Map<String, List<String>> meta, List<String> errorTypes,
                                    List<String> httpStatuses, List<String> stopReasons) {
        List<List<String>> groups = new ArrayList<>();
        add(groups, errorTypes, ItemValues::errorType);
        add(groups, httpStatuses == null ? null : httpStatuses.stream().filter(s -> s != null && !s.isEmpty()).map(LabelFilter::status).toList(),
                s -> s);
        add(groups, stopReasons, ItemValues::stopReason);
        add(groups, users, Labels::userValue);
        add(groups, tags, Labels::tagValue);
        if (meta != null) {
            if (meta.size() > MAX_META_KEYS) {
                throw new InvalidInput("meta", "at most " + MAX_META_KEYS + " metadata keys can be filtered on at once");
            }
            meta.forEach((key, values) -> {
                if (key.isEmpty() || key.codePointCount(0, key.length()) > 64 || key.indexOf('=') >= 0) {
                    throw new InvalidInput("meta." + key, "a metadata key is 1-64 characters without '='");
                }
                add(groups, values, value -> Labels.metaValue(key, value));
            });
        }
        return groups.isEmpty() ? NONE : new LabelFilter(List.copyOf(groups));
    }

    private static String status(String value) {
        try {
            int status = Integer.parseInt(value);
            if (status >= 100 && status <= 599) {
                return ItemValues.httpStatus(status);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidInput("httpStatus", "must be an HTTP status between 100 and 599");
    }

    private static void add(List<List<String>> groups, List<String> values, java.util.function.UnaryOperator<String> label) {
        if (values == null) {
            return;
        }
        List<String> group = values.stream().filter(v -> v != null && !v.isEmpty()).map(label).distinct().toList();
        if (!group.isEmpty()) {
            groups.add(group);
        }
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** One {@code and <column> && $n} per group, its values appended to {@code params} (GIN-indexed overlap). */
    void where(StringBuilder sql, List<Object> params, String column) {
        for (List<String> group : groups) {
            params.add(group.toArray(String[]::new));
            sql.append(" and ").append(column).append(" && $").append(params.size()).append("::text[]");
        }
    }

    /** The same on the labels of one row. */
    boolean matches(List<String> labels) {
        for (List<String> group : groups) {
            if (labels == null || labels.stream().noneMatch(group::contains)) {
                return false;
            }
        }
        return true;
    }
}
