package io.apilogs.query.persistence.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** An API key: only its SHA-256 and a short prefix are stored; the key itself is shown once, at creation. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity extends PanacheEntityBase {
    @Id
    public String id;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(nullable = false)
    public String scope;

    public String name;

    @Column(nullable = false)
    public String prefix;

    @Column(name = "key_hash", nullable = false, unique = true)
    public String keyHash;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    /** Set for session keys minted by a web sign-in; null for keys made by the operator. */
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    public static Uni<List<ApiKeyEntity>> ofWorkspace(String workspaceId) {
        return list("workspaceId = ?1 order by createdAt, id", workspaceId);
    }
}
