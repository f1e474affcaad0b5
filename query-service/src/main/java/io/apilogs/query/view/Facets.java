package io.apilogs.query.view;

import java.util.List;

/** The filter pickers of the activity log. */
public final class Facets {
    private Facets() {
    }

    public record AssistantFacet(String id, String name, long conversationCount) {
    }

    public record ModelFacet(String model, long callCount) {
    }

    public record AssistantList(List<AssistantFacet> items) {
    }

    public record ModelList(List<ModelFacet> items) {
    }
}
