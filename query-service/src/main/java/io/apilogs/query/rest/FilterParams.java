package io.apilogs.query.rest;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.FilterRanges;
import io.apilogs.query.persistence.read.LabelFilter;
import io.apilogs.query.search.SearchQuery;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activity log's filter parameters (API.md: from, to, tz, assistant, model, q; issue 26: in, subject; issue 25: status, tool, ranges on cost,
 * tokens and duration, user, tag and {@code meta.<key>=<value>}), declared once for every read that
 * takes them: the list, its stream and the facet pickers. Parsed, with a 400 naming the parameter, by
 * {@link ActivityFilter#parse}.
 */
public class FilterParams {
    private static final String META = "meta.";

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

    @Parameter(description = "content search (issue 26): a case-insensitive literal substring, or quoted phrases and words that must all "
            + "occur, in the subject, system prompt, messages, response, thinking, tool inputs and results, errors, HTTP URLs and bodies, attributes and metadata")
    @QueryParam("q")
    String q;

    @Parameter(description = "the parts q looks in, comma-separated or repeated: subject, system, messages, response, thinking, toolInput, "
            + "toolResult, error, url, body, attributes, metadata; default all")
    @QueryParam("in")
    List<String> in;

    @Parameter(description = "a case-insensitive substring of the subject (what q meant before issue 26)")
    @QueryParam("subject")
    String subject;

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

    @Parameter(description = "an end user's id (user.id of an event); repeatable")
    @QueryParam("user")
    List<String> users;

    @Parameter(description = "a tag one of its events carried; repeatable")
    @QueryParam("tag")
    List<String> tags;

    @Parameter(description = "an error's type (of a call, tool execution or HTTP request); repeatable")
    @QueryParam("errorType")
    List<String> errorTypes;

    @Parameter(description = "an HTTP status: a failed call's (e.g. 429 from the provider), or an HTTP request's status code; repeatable")
    @QueryParam("httpStatus")
    List<String> httpStatuses;

    @Parameter(description = "a call's stop reason (as the provider reported it: end_turn, tool_use, stop, length...); repeatable")
    @QueryParam("stopReason")
    List<String> stopReasons;

    /** {@code meta.<key>=<value>} parameters: their names are the data's own, so they are read from the query string. */
    @Context
    UriInfo uri;

    /** The filter with its content search ({@code q}, {@code in}), for the lists. */
    public ActivityFilter filter() {
        return filter(assistants, models, users, tags).withSearch(SearchQuery.parse(q, in));
    }

    /**
     * The filter of a read that does not search content (a summary, analytics, an export): a {@code q} is a 400 naming
     * it, rather than totals that silently leave it out.
     */
    public ActivityFilter filterWithoutSearch(String what) {
        if (SearchQuery.parse(q, in) != null) {
            throw new InvalidInput("q", "content search applies to the lists (activity log, calls, tool executions, HTTP requests), not to "
                    + what + "; subject= filters by subject");
        }
        return filter(assistants, models, users, tags);
    }

    /** The filter without its users, for the user picker. */
    public ActivityFilter withoutUsers() {
        return filter(assistants, models, List.of(), tags);
    }

    /** The filter without its tags, for the tag picker. */
    public ActivityFilter withoutTags() {
        return filter(assistants, models, users, List.of());
    }

    /** The filter without its assistants: the assistant picker's counts are never narrowed by its own choice. */
    public ActivityFilter withoutAssistants() {
        return filter(List.of(), models, users, tags);
    }

    /** The filter without its models, for the model picker. */
    public ActivityFilter withoutModels() {
        return filter(assistants, List.of(), users, tags);
    }

    private ActivityFilter filter(List<String> assistantIds, List<String> modelNames, List<String> userIds, List<String> tagNames) {
        FilterRanges ranges = FilterRanges.parse(minCostUsd, maxCostUsd, minTokens, maxTokens, minDurationMs, maxDurationMs);
        return ActivityFilter.parse(from, to, tz, assistantIds, modelNames, subject, status, ranges).withTools(tools)
                .withLabels(LabelFilter.parse(userIds, tagNames, meta(), errorTypes, httpStatuses, stopReasons));
    }

    /** The {@code meta.<key>} parameters by key, in the order given. */
    private Map<String, List<String>> meta() {
        Map<String, List<String>> meta = new LinkedHashMap<>();
        if (uri != null) {
            uri.getQueryParameters().forEach((name, values) -> {
                if (name.startsWith(META)) {
                    meta.put(name.substring(META.length()), values);
                }
            });
        }
        return meta;
    }
}
