package io.apilogs.query.persistence.read;

import java.time.ZoneOffset;
import java.util.List;

/**
 * The activity log's filter ({@link ActivityFilter}) applied to single calls {@code l} of {@code llm_calls} (issue 25,
 * the explorer): the days by the call's start, its own assistant, model, error, stop reason, tools asked for, cost,
 * tokens ({@code input + output}) and duration, and its own user, tag, metadata and outcome values
 * ({@link LabelFilter}, the same groups as conversations'). {@code q} matches its conversation's subject
 * ({@code c}, joined by the caller).
 */
final class CallWhere {
    /** A call's tokens as rows show {@code tokens.total}. */
    static final String TOKENS = "(coalesce(l.input_tokens, 0) + coalesce(l.output_tokens, 0))";

    private CallWhere() {
    }

    static String of(ActivityFilter filter, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (filter.from() != null) {
            params.add(filter.from().atOffset(ZoneOffset.UTC));
            sql.append(" and l.started_at >= $").append(params.size());
        }
        if (filter.toExclusive() != null) {
            params.add(filter.toExclusive().atOffset(ZoneOffset.UTC));
            sql.append(" and l.started_at < $").append(params.size());
        }
        if (!filter.assistants().isEmpty()) {
            params.add(filter.assistants().toArray(String[]::new));
            sql.append(" and l.assistant_id = any($").append(params.size()).append("::text[])");
        }
        if (!filter.models().isEmpty()) {
            params.add(filter.models().toArray(String[]::new));
            sql.append(" and l.model = any($").append(params.size()).append("::text[])");
        }
        if (filter.subject() != null) {
            params.add(filter.likePattern());
            sql.append(" and c.subject ilike $").append(params.size()).append(" collate \"und-x-icu\"");
        }
        if (filter.errors() != null) {
            sql.append(filter.errors() ? " and l.error is not null" : " and l.error is null");
        }
        if (!filter.tools().isEmpty()) {
            params.add(filter.tools().toArray(String[]::new));
            sql.append(" and exists (select 1 from jsonb_array_elements(case when jsonb_typeof(l.tool_calls) = 'array'"
                    + " then l.tool_calls else '[]'::jsonb end) t where t ->> 'name' = any($").append(params.size()).append("::text[]))");
        }
        filter.labels().where(sql, params, "l.label_values");
        FilterRanges ranges = filter.ranges();
        bound(sql, params, "l.cost_usd >= $", ranges.minCostUsd(), "::numeric");
        bound(sql, params, "l.cost_usd <= $", ranges.maxCostUsd(), "::numeric");
        bound(sql, params, TOKENS + " >= $", ranges.minTokens(), "");
        bound(sql, params, TOKENS + " <= $", ranges.maxTokens(), "");
        bound(sql, params, "l.duration_ms >= $", ranges.minDurationMs(), "");
        bound(sql, params, "l.duration_ms <= $", ranges.maxDurationMs(), "");
        return sql.toString();
    }

    private static void bound(StringBuilder sql, List<Object> params, String condition, Object value, String cast) {
        if (value != null) {
            params.add(value);
            sql.append(" and ").append(condition).append(params.size()).append(cast);
        }
    }
}
