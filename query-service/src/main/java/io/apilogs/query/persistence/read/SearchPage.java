package io.apilogs.query.persistence.read;

import io.apilogs.query.view.SearchProgress;

import java.util.List;

/** A page of content search results (issue 26): rows with their matches, where the next page starts, how far it searched. */
public record SearchPage<T>(List<T> items, ActivityReads.Position next, SearchProgress progress) {
}
