package io.apilogs.query.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;


/** Request bodies of the administration API, checked with Hibernate Validator (answered as problem+json with paths). */
public final class AdminBodies {
    private AdminBodies() {
    }

    public record NewWorkspace(@NotBlank @Size(max = 200) String name) {
    }

    public record NewKey(@NotNull @Pattern(regexp = "ingest|read|admin", message = "must be one of ingest, read, admin") String scope,
                         @Size(max = 200) String name) {
    }
}
