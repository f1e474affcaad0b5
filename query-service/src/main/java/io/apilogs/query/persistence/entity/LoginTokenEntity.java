package io.apilogs.query.persistence.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A one-time login token for the web UI, stored by its SHA-256; {@code usedAt} is set when it is redeemed. */
@Entity
@Table(name = "login_tokens")
public class LoginTokenEntity extends PanacheEntityBase {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "used_at")
    public OffsetDateTime usedAt;
}
