package io.apilogs.query.rest;

import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.FilterRanges;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * The activity log's filter parameters (API.md: from, to, tz, assistant, model, q; issue 25: status, tool, and ranges on cost, tokens and duration), declared once for every read that
 * takes them: the list, its stream and the facet pickers. Parsed, with a 400 naming the parameter, by
 * {@link ActivityFilter#parse}.
 */
public class FilterParams {
    @Parameter(description = "first day, YYYY-MM-DD, inclusive (a conversation matches when its span overlaps the range)")
    @QueryParam("from")
    String from;

    @Parameter(description = "last day, YYYY-MM-DD, inclusive")
    @QueryParam("to")
    String to;

    @Parameter(description = "IANA zone of the days; default UTC")
    @QueryParam("tz")
    String tz;

    @Parameter(description = "an assistant id; repeatable")
    @QueryParam("assistant")
    List<String> assistants;

    @Parameter(description = "a model one of the calls used; repeatable")
    @QueryParam("model")
    List<String> models;

    @Parameter(description = "a case-insensitive substring of the subject")
    @QueryParam("q")
    String q;

    @Parameter(description = "error: conversations with at least one failed call, tool execution or HTTP request (errorCount > 0); "
            + "ok: none", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(enumeration = {"error", "ok"}))
    @QueryParam("status")
    String status;

    @Parameter(description = "a tool the conversation called (asked for or ran), by name; repeatable")
    @QueryParam("tool")
    List<String> tools;

    @Parameter(description = "the least cost in USD, inclusive (a conversation with no priced call matches no cost bound)")
    @QueryParam("minCostUsd")
    String minCostUsd;

    @Parameter(description = "the most cost in USD, inclusive")
    @QueryParam("maxCostUsd")
    String maxCostUsd;

    @Parameter(description = "the least total tokens, inclusive")
    @QueryParam("minTokens")
    String minTokens;

    @Parameter(description = "the most total tokens, inclusive")
    @QueryParam("maxTokens")
    String maxTokens;

    @Parameter(description = "the shortest span (durationMs), inclusive")
    @QueryParam("minDurationMs")
    String minDurationMs;

    @Parameter(description = "the longest span (durationMs), inclusive")
    @QueryParam("maxDurationMs")
    String maxDurationMs;

    public ActivityFilter filter() {
        return filter(assistants, models);
    }

    /** The filter without its assistants: the assistant picker's counts are never narrowed by its own choice. */
    public ActivityFilter withoutAssistants() {
        return filter(List.of(), models);
    }

    /** The filter without its models, for the model picker. */
    public ActivityFilter withoutModels() {
        return filter(assistants, List.of());
    }

    private ActivityFilter filter(List<String> assistantIds, List<String> modelNames) {
        FilterRanges ranges = FilterRanges.parse(minCostUsd, maxCostUsd, minTokens, maxTokens, minDurationMs, maxDurationMs);
        return ActivityFilter.parse(from, to, tz, assistantIds, modelNames, q, status, ranges).withTools(tools);
    }
}
