package io.apilogs.query.auth;

import jakarta.enterprise.context.RequestScoped;

/** The workspace a request is confined to, set by {@link AuthFilter}. */
@RequestScoped
public class Caller {
    private String workspaceId;

    public String workspaceId() {
        if (workspaceId == null) {
            throw new IllegalStateException("no authenticated workspace on this request");
        }
        return workspaceId;
    }

    void workspaceId(String workspaceId) {
        this.workspaceId = workspaceId;
    }
}
