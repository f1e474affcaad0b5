package io.apilogs.model.auth;

import io.apilogs.model.ApiKeys;

/** What a stored key grants. */
public record KeyInfo(String keyId, String workspaceId, ApiKeys.Scope scope) {
}
