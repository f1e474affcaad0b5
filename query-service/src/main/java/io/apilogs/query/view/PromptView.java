package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A system prompt of the workspace, by its SHA-256. */
@JsonPropertyOrder({"sha256", "text", "firstSeenAt", "callCount"})
public record PromptView(String sha256, String text, String firstSeenAt, long callCount) {
}
