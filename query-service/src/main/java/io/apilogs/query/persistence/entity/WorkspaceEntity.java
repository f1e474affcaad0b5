package io.apilogs.query.persistence.entity;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A workspace: the unit of isolation. Every key, price and event belongs to exactly one. */
@Entity
@Table(name = "workspaces")
public class WorkspaceEntity extends PanacheEntityBase {
    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
