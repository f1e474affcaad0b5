package io.apilogs.query.view;

import java.util.List;

/** The filter pickers of the activity log. */
public final class Facets {
    private Facets() {
    }

    public record AssistantFacet(String id, String name, long conversationCount) {
    }

    /**
     * {@code callCount}: calls that used the model in the range (API.md); {@code conversationCount}: conversations of
     * the activity log's filters (the assistant picker's unit) that used it.
     */
    public record ModelFacet(String model, long callCount, long conversationCount) {
    }

    public record AssistantList(List<AssistantFacet> items) {
    }

    /** An end user (issue 25) with the conversations of the filter whose events named them; {@code name} as last named. */
    public record UserFacet(String id, String name, long conversationCount) {
    }

    /** A tag (issue 25) with the conversations of the filter whose events carried it. */
    public record TagFacet(String tag, long conversationCount) {
    }

    /** {@code truncated}: more values match than {@code limit} asked for; the ones with most conversations come first. */
    public record UserList(List<UserFacet> items, boolean truncated) {
    }

    public record TagList(List<TagFacet> items, boolean truncated) {
    }

    public record ModelList(List<ModelFacet> items) {
    }
}
