package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;

import java.time.ZoneOffset;
import java.util.List;

/**
 * The list filters applied to single tool executions ({@code t}) or tools' HTTP requests ({@code h}), as
 * {@link CallWhere} does to calls: days by the item's start, its assistant, error, duration, user, tag, metadata and
 * outcome values; {@code q} on its conversation's subject ({@code c}); {@code tool} names the tool (for an HTTP request,
 * its plugin). A model, a cost or token bound does not apply to them: a 400 names it, rather than a list that
 * silently ignores it.
 */
final class ItemWhere {
    /** The columns one kind of item filters on. */
    record Columns(String alias, String what, String tool, String failed) {
    }

    static final Columns TOOLS = new Columns("t", "tool executions", "t.tool_name", "t.error is not null");
    static final Columns HTTP = new Columns("h", "HTTP requests", "h.plugin", "(h.error is not null or h.status_code >= 400)");

    private ItemWhere() {
    }

    static String of(Columns item, ActivityFilter filter, List<Object> params) {
        String a = item.alias();
        if (!filter.models().isEmpty()) {
            throw new InvalidInput("model", "does not apply to " + item.what());
        }
        FilterRanges ranges = filter.ranges();
        if (ranges.minCostUsd() != null || ranges.maxCostUsd() != null) {
            throw new InvalidInput(ranges.minCostUsd() != null ? "minCostUsd" : "maxCostUsd", "does not apply to " + item.what());
        }
        if (ranges.minTokens() != null || ranges.maxTokens() != null) {
            throw new InvalidInput(ranges.minTokens() != null ? "minTokens" : "maxTokens", "does not apply to " + item.what());
        }
        StringBuilder sql = new StringBuilder();
        if (filter.from() != null) {
            params.add(filter.from().atOffset(ZoneOffset.UTC));
            sql.append(" and ").append(a).append(".started_at >= $").append(params.size());
        }
        if (filter.toExclusive() != null) {
            params.add(filter.toExclusive().atOffset(ZoneOffset.UTC));
            sql.append(" and ").append(a).append(".started_at < $").append(params.size());
        }
        if (!filter.assistants().isEmpty()) {
            params.add(filter.assistants().toArray(String[]::new));
            sql.append(" and ").append(a).append(".assistant_id = any($").append(params.size()).append("::text[])");
        }
        if (filter.subject() != null) {
            params.add(filter.likePattern());
            sql.append(" and c.subject ilike $").append(params.size()).append(" collate \"und-x-icu\"");
        }
        if (filter.errors() != null) {
            sql.append(filter.errors() ? " and " + item.failed() : " and not " + item.failed());
        }
        if (!filter.tools().isEmpty()) {
            params.add(filter.tools().toArray(String[]::new));
            sql.append(" and ").append(item.tool()).append(" = any($").append(params.size()).append("::text[])");
        }
        filter.labels().where(sql, params, a + ".label_values");
        if (ranges.minDurationMs() != null) {
            params.add(ranges.minDurationMs());
            sql.append(" and ").append(a).append(".duration_ms >= $").append(params.size());
        }
        if (ranges.maxDurationMs() != null) {
            params.add(ranges.maxDurationMs());
            sql.append(" and ").append(a).append(".duration_ms <= $").append(params.size());
        }
        return sql.toString();
    }
}
