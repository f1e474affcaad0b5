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

    public record ModelList(List<ModelFacet> items) {
    }
}
